package io.statuspage.gateway.api;

import io.statuspage.runtime.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientRateLimitTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));

  @Test
  void aClientGetsItsBurstThenOneMorePerShareOfTheWindow() {
    ClientRateLimit limit = ClientRateLimit.create(3, Duration.ofMinutes(30), clock);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limit.acquire("203.0.113.7"));
    }
    long wait = limit.acquire("203.0.113.7");
    assertEquals(600, wait, "one more every 10 minutes");
    assertEquals(0, limit.acquire("203.0.113.8"), "another client has its own bucket");
    clock.advance(Duration.ofMinutes(5));
    assertEquals(300, limit.acquire("203.0.113.7"));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(0, limit.acquire("203.0.113.7"));
    assertTrue(limit.acquire("203.0.113.7") > 0);
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    ClientRateLimit limit = ClientRateLimit.create(2, Duration.ofHours(1), clock);
    assertEquals(0, limit.acquire("2001:db8:1:2::1"));
    assertEquals(0, limit.acquire("2001:db8:1:2:ffff::9"));
    assertTrue(limit.acquire("2001:db8:1:2:abcd::1") > 0, "the same line under another address");
    assertEquals(0, limit.acquire("2001:db8:1:3::1"), "the next /64 is another client");
    assertEquals(ClientRateLimit.client("2001:db8:1:2::5"), ClientRateLimit.client("[2001:db8:1:2:0:0:0:7]"));
    assertEquals("192.0.2.1", ClientRateLimit.client("192.0.2.1"));
  }

  @Test
  void aLimitMustAllowSomething() {
    assertThrows(IllegalArgumentException.class, () -> ClientRateLimit.create(0, Duration.ofHours(1), clock));
    assertThrows(IllegalArgumentException.class, () -> ClientRateLimit.create(1, Duration.ZERO, clock));
  }
}
