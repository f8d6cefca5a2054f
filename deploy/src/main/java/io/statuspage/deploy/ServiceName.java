package io.statuspage.deploy;

import io.statuspage.component.ComponentServiceVerticle;
import io.statuspage.gateway.GatewayVerticle;
import io.statuspage.incident.IncidentServiceVerticle;
import io.statuspage.notifier.NotifierServiceVerticle;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.uptime.UptimeCollectorVerticle;
import io.vertx.core.Deployable;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

/** The services a process can run, by the names the command line uses. */
enum ServiceName {
  COMPONENT_SERVICE("component-service"),
  INCIDENT_SERVICE("incident-service"),
  NOTIFIER_SERVICE("notifier-service"),
  UPTIME_COLLECTOR("uptime-collector"),
  // Last: it serves what the others answer.
  GATEWAY("gateway");

  final String id;

  ServiceName(String id) {
    this.id = id;
  }

  static ServiceName of(String name) {
    return Arrays.stream(values()).filter(s -> s.id.equals(name.trim().toLowerCase(Locale.ROOT))).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("Unknown service: " + name));
  }

  Deployable verticle(Config config, Health health, Clock clock) {
    return switch (this) {
      case COMPONENT_SERVICE -> new ComponentServiceVerticle(config, health, clock);
      case INCIDENT_SERVICE -> new IncidentServiceVerticle(config, health, clock);
      case NOTIFIER_SERVICE -> new NotifierServiceVerticle(config, health, clock);
      case UPTIME_COLLECTOR -> new UptimeCollectorVerticle(config, health);
      case GATEWAY -> new GatewayVerticle(config, health, clock);
    };
  }
}
