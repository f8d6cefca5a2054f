package io.statuspage.notifier;

import io.statuspage.bus.ServiceError;
import io.statuspage.notifier.Tokens.Purpose;
import io.statuspage.runtime.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed link tokens: they say what they were made for, and nothing else passes. */
class TokensTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Tokens tokens = Tokens.create("k".repeat(32).getBytes(StandardCharsets.UTF_8), clock);

  @Test
  void aTokenNamesItsSubscriberAndPurposeAndIsUrlSafe() {
    String token = tokens.confirm("sub1");
    assertTrue(token.matches("[A-Za-z0-9_\\-.]+"), token);
    assertEquals(new Tokens.Claim(Purpose.CONFIRM, "sub1"), tokens.verify(token, Set.of(Purpose.CONFIRM)));
    assertEquals(new Tokens.Claim(Purpose.UNSUBSCRIBE, "sub1"),
      tokens.verify(tokens.unsubscribe("sub1"), Set.of(Purpose.MANAGE, Purpose.UNSUBSCRIBE)));
  }

  @Test
  void aConfirmationExpiresAfterSevenDaysAManageLinkNever() {
    String confirm = tokens.confirm("sub1");
    String manage = tokens.manage("sub1");
    clock.advance(Duration.ofDays(7).minusSeconds(1));
    tokens.verify(confirm, Set.of(Purpose.CONFIRM));
    clock.advance(Duration.ofSeconds(2));
    assertTrue(refused(confirm, Set.of(Purpose.CONFIRM)).getMessage().contains("expired"));
    clock.advance(Duration.ofDays(3650));
    assertEquals("sub1", tokens.verify(manage, Set.of(Purpose.MANAGE)).subscriberId());
  }

  @Test
  void forgedAlteredOrMisusedTokensAreRefused() {
    String unsubscribe = tokens.unsubscribe("sub1");
    refused(unsubscribe, Set.of(Purpose.CONFIRM));
    Tokens other = Tokens.create("x".repeat(32).getBytes(StandardCharsets.UTF_8), clock);
    refused(other.confirm("sub1"), Set.of(Purpose.CONFIRM));
    // Another subscriber's payload with this signature.
    String forged = other.confirm("sub2").split("\\.")[0] + "." + tokens.confirm("sub1").split("\\.")[1];
    refused(forged, Set.of(Purpose.CONFIRM));
    for (String junk : new String[] {"", ".", "abc", "a.b", "!!.??", unsubscribe + "x"}) {
      refused(junk, Set.of(Purpose.UNSUBSCRIBE));
    }
  }

  private ServiceError refused(String token, Set<Purpose> purposes) {
    ServiceError error = assertThrows(ServiceError.class, () -> tokens.verify(token, purposes), token);
    assertEquals(422, error.status());
    assertEquals("token", error.field());
    return error;
  }
}
