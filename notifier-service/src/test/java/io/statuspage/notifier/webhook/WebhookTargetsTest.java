package io.statuspage.notifier.webhook;

import io.statuspage.bus.ServiceError;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSRF rule: which addresses a webhook may not reach, in every spelling, and by name. */
@ExtendWith(VertxExtension.class)
class WebhookTargetsTest {

  @Test
  void forbidsTheInternalRangesInEveryIpForm() throws Exception {
    for (String literal : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255",
      "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "255.255.255.255",
      "224.0.0.1", "240.0.0.1", "::1", "::", "::ffff:127.0.0.1", "::ffff:10.1.1.1", "::127.0.0.1",
      "::ffff:169.254.169.254", "fe80::1", "fd00::1", "fc00::1", "ff02::1", "64:ff9b::7f00:1", "2002:7f00:1::1")) {
      assertNotNull(Addresses.forbidden(InetAddress.getByName(literal)), literal + " must be refused");
    }
  }

  @Test
  void allowsPublicAddresses() throws Exception {
    for (String literal : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
      "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8", "64:ff9b::808:808")) {
      assertNull(Addresses.forbidden(InetAddress.getByName(literal)), literal + " must be allowed");
    }
  }

  @Test
  void refusesEndpointsThatAreOrResolveToInternalAddresses(Vertx vertx) {
    WebhookTargets targets = WebhookTargets.create(vertx, false, "subscriber.endpoint");
    for (String endpoint : List.of("https://127.0.0.1/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
      "https://[fd00::1]/hook", "https://169.254.169.254/latest/meta-data", "https://localhost:8443/hook",
      "https://LOCALHOST./hook", "http://93.184.216.34/hook", "ftp://93.184.216.34/x",
      "https://user:pw@93.184.216.34/hook", "https://no-such-host.invalid/hook")) {
      ServiceError error = refusal(targets, endpoint);
      assertEquals(422, error.status(), endpoint);
      assertEquals("subscriber.endpoint", error.field(), endpoint);
    }
    assertTrue(refusal(targets, "https://localhost/hook").getMessage().contains("loopback"));
  }

  @Test
  void allowsPublicEndpointsAndEverythingWhenTheOperatorSaysSo(Vertx vertx) {
    assertEquals(List.of("93.184.216.34"), WebhookTargets.create(vertx, false, "f")
      .check(URI.create("https://93.184.216.34/hook")).await().stream().map(InetAddress::getHostAddress).toList());
    WebhookTargets open = WebhookTargets.create(vertx, true, "f");
    assertEquals(1, open.check(URI.create("http://127.0.0.1:8080/hook")).await().size());
    assertEquals(1, open.check(URI.create("https://[::1]/hook")).await().size());
  }

  private static ServiceError refusal(WebhookTargets targets, String endpoint) {
    Throwable failure = assertThrows(Throwable.class, () -> targets.check(URI.create(endpoint)).await(), endpoint);
    return assertInstanceOf(ServiceError.class, failure instanceof ServiceError ? failure : failure.getCause(),
      endpoint);
  }
}
