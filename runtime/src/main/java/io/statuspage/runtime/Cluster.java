package io.statuspage.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Arrays;

/**
 * The Hazelcast cluster every process joins. TCP-IP join from a member list by default (multicast off, so
 * nothing joins by accident); {@code cluster.join=kubernetes} uses Hazelcast's Kubernetes discovery instead.
 *
 * <ul>
 *   <li>{@code cluster.name}: isolates suites sharing a network (default {@code statuspage})</li>
 *   <li>{@code cluster.host}: the interface to bind and announce (default {@code 127.0.0.1})</li>
 *   <li>{@code cluster.port}: the first Hazelcast port to try (default 5701, next 20 tried)</li>
 *   <li>{@code cluster.members}: comma-separated hosts or host:port of other members (default the host)</li>
 *   <li>{@code cluster.kubernetes.service}, {@code cluster.kubernetes.namespace}: for the Kubernetes join</li>
 * </ul>
 */
public final class Cluster {

  private Cluster() {
  }

  public static HazelcastClusterManager manager(io.statuspage.runtime.Config config) {
    return new HazelcastClusterManager(hazelcastConfig(config));
  }

  public static Config hazelcastConfig(io.statuspage.runtime.Config config) {
    // Keeps the __vertx.* maps that Vert.x needs from its default configuration.
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.get("cluster.name", "statuspage"));
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.tcp.join.port.try.count", "20");
    hz.setProperty("hazelcast.logging.type", "jdk");
    // A crashed member is noticed within seconds, not the default minute.
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", config.get("cluster.heartbeat.timeout", "15"));

    String host = config.get("cluster.host", "127.0.0.1");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.getInt("cluster.port", 5701)).setPortAutoIncrement(true).setPortCount(20);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if ("kubernetes".equals(config.get("cluster.join", "tcp"))) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
        .setProperty("service-name", config.get("cluster.kubernetes.service", "statuspage-cluster"))
        .setProperty("namespace", config.get("cluster.kubernetes.namespace", "default"));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(Arrays.stream(config.get("cluster.members", host).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList());
      if (!"0.0.0.0".equals(host)) {
        network.getInterfaces().setEnabled(true).addInterface(host);
        hz.setProperty("hazelcast.local.localAddress", host);
      }
    }
    return hz;
  }
}
