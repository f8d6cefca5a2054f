package io.statuspage.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An outage is logged when it starts, now and then while it lasts, and when it ends: never per failure. */
class OutageTest {

  private static final String LOGGER = "io.statuspage.runtime.OutageTest";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private Outage outage;

  private LogRecords logs;

  @BeforeEach
  void capture() {
    logs = LogRecords.of(LOGGER, Level.ALL);
    outage = Outage.of("Database", LoggerFactory.getLogger(LOGGER), clock);
  }

  @AfterEach
  void release() {
    logs.close();
  }

  @Test
  void failuresDuringAnOutageLogOneWarningWithTheReasonAndNoStackTrace() {
    for (int i = 0; i < 100; i++) {
      outage.failed(new ConnectException("Connection refused: /127.0.0.1:5432"));
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(1, logs.records().size(), lines());
    assertEquals(Level.WARNING, logs.records().get(0).getLevel());
    assertEquals("Database unavailable: Connection refused: /127.0.0.1:5432", message(0));
    assertNull(logs.records().get(0).getThrown());
    assertTrue(outage.ongoing());
  }

  @Test
  void theEndOfAnOutageIsLoggedOnceWithHowLongItLasted() {
    outage.failed("refused");
    clock.advance(Duration.ofSeconds(12));
    outage.succeeded();
    outage.succeeded();
    assertEquals(2, logs.records().size(), lines());
    assertEquals(Level.INFO, logs.records().get(1).getLevel());
    assertEquals("Database available again after 12s", message(1));
    assertFalse(outage.ongoing());
  }

  @Test
  void successesWithoutAnOutageLogNothing() {
    for (int i = 0; i < 10; i++) {
      outage.succeeded();
    }
    assertTrue(logs.records().isEmpty(), lines());
  }

  @Test
  void aLongOutageGetsRemindersAtGrowingIntervals() {
    outage.failed("refused");
    clock.advance(Duration.ofMinutes(2).plusSeconds(10));
    outage.failed("still refused");
    assertEquals(2, logs.records().size(), lines());
    assertEquals(Level.WARNING, logs.records().get(1).getLevel());
    assertEquals("Database still unavailable after 2m10s: still refused", message(1));

    // The next reminder is twice as far away: nothing three minutes later, one four minutes later.
    clock.advance(Duration.ofMinutes(3));
    outage.failed("refused");
    assertEquals(2, logs.records().size(), lines());
    clock.advance(Duration.ofMinutes(1));
    outage.failed("refused");
    assertEquals(3, logs.records().size(), lines());
    assertEquals("Database still unavailable after 6m10s: refused", message(2));

    clock.advance(Duration.ofSeconds(3));
    outage.succeeded();
    assertEquals("Database available again after 6m13s", message(3));
  }

  @Test
  void anOutageOfAnyLengthMakesAHandfulOfLines() {
    // Ten hours of one failure a second.
    for (int i = 0; i < 36_000; i++) {
      outage.failed("refused");
      clock.advance(Duration.ofSeconds(1));
    }
    outage.succeeded();
    assertTrue(logs.records().size() <= 16, lines());
    assertEquals("Database available again after 10h00m", message(logs.records().size() - 1));
  }

  @Test
  void aNewOutageAfterRecoveryIsLoggedAgain() {
    outage.failed("refused");
    outage.succeeded();
    clock.advance(Duration.ofSeconds(30));
    outage.failed("timed out");
    assertEquals(3, logs.records().size(), lines());
    assertEquals("Database unavailable: timed out", message(2));
  }

  @Test
  void aReasonIsOneLineAndAFailureWithoutMessageIsNamedByItsType() {
    assertEquals("IllegalStateException", Outage.reason(new IllegalStateException()));
    assertEquals("closed", Outage.reason(new IllegalStateException("closed")));
    assertEquals("Unable to obtain connection", Outage.reason(new IllegalStateException(
      "Unable to obtain connection\n-----\nSQL State  : 08001")), "one line");
  }

  @Test
  void durationsAreShortAndReadable() {
    assertEquals("0s", Outage.format(Duration.ZERO));
    assertEquals("59s", Outage.format(Duration.ofSeconds(59)));
    assertEquals("2m13s", Outage.format(Duration.ofSeconds(133)));
    assertEquals("2m05s", Outage.format(Duration.ofSeconds(125)));
    assertEquals("1h05m", Outage.format(Duration.ofMinutes(65).plusSeconds(30)));
  }

  private String message(int i) {
    return logs.text(logs.records().get(i));
  }

  private String lines() {
    return String.join("\n", logs.lines());
  }
}
