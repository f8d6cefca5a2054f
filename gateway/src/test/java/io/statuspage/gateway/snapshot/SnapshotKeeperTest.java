package io.statuspage.gateway.snapshot;

import io.statuspage.bus.Services;
import io.statuspage.gateway.api.ServiceClient;
import io.statuspage.gateway.page.PageView;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keeper against services played by event-bus consumers: what it fetches, when, and what it serves meanwhile. */
class SnapshotKeeperTest {

  private Vertx vertx;
  private SnapshotKeeper keeper;
  private final AtomicInteger componentFetches = new AtomicInteger();
  private final AtomicInteger incidentFetches = new AtomicInteger();
  private final AtomicReference<String> status = new AtomicReference<>("operational");
  private MessageConsumer<JsonObject> components;
  private MessageConsumer<JsonObject> incidents;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (keeper != null) {
      vertx.runOnContext(v -> keeper.stop());
    }
    vertx.close().await();
  }

  private void componentService() {
    components = vertx.eventBus().consumer(Services.Component.ADDRESS, m -> {
      componentFetches.incrementAndGet();
      m.reply(SnapshotBuilderTest.componentsPart(status.get()));
    });
    components.completion().await();
  }

  private void incidentService() {
    incidents = vertx.eventBus().consumer(Services.Incident.ADDRESS, m -> {
      incidentFetches.incrementAndGet();
      m.reply(io.statuspage.gateway.IncidentSamples.part(List.of(io.statuspage.gateway.IncidentSamples.incident(
        "inc000000001", "Slow API", io.statuspage.api.model.IncidentStatus.INVESTIGATING, "2026-11-18T13:00:00Z"))));
    });
    incidents.completion().await();
  }

  private void keeper(String file) {
    keeper = new SnapshotKeeper(vertx, SnapshotPart.ALL, address -> ServiceClient.create(vertx, address,
      Duration.ofMillis(300)), new SnapshotBuilder(PageView.defaults()), Clock.fixed(SnapshotBuilderTest.T0,
      ZoneOffset.UTC), Duration.ofHours(1), file);
  }

  private void startKeeper() {
    vertx.runOnContext(v -> keeper.start());
  }

  private static void await(String what, BooleanSupplier until) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!until.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String summary() {
    return keeper.current().get(SnapshotBuilder.SUMMARY).body().toString();
  }

  @Test
  void anEventRefetchesOnlyThePartItConcerns() {
    componentService();
    incidentService();
    keeper("");
    startKeeper();
    await("first snapshot", () -> keeper.current() != null);
    assertTrue(summary().contains("Slow API"));
    int incidentsBefore = incidentFetches.get();

    status.set("major_outage");
    vertx.eventBus().publish(Services.Component.EVENTS, new JsonObject());
    await("the change", () -> summary().contains("major_outage"));
    assertEquals(incidentsBefore, incidentFetches.get(), "the incidents part was not fetched again");
    assertFalse(keeper.current().stale());
  }

  @Test
  void aBurstOfEventsIsFoldedIntoAFewRebuildsAndEndsWithTheLastState() {
    componentService();
    incidentService();
    keeper("");
    startKeeper();
    await("first snapshot", () -> keeper.current() != null);
    int before = componentFetches.get();
    for (int i = 0; i < 50; i++) {
      status.set(i % 2 == 0 ? "partial_outage" : "degraded_performance");
      vertx.eventBus().publish(Services.Component.EVENTS, new JsonObject());
    }
    await("the last state", () -> summary().contains("degraded_performance"));
    Sleep.millis(200);
    // Events that arrive during a rebuild are folded into the next one: a handful of fetches, not fifty.
    assertTrue(componentFetches.get() - before <= 5, "fetched " + (componentFetches.get() - before) + " times");
  }

  @Test
  void aPartThatFailsKeepsItsLastDataAndMarksTheSnapshotStaleUntilItAnswers() {
    componentService();
    keeper("");
    startKeeper();
    await("first snapshot", () -> keeper.current() != null);
    assertTrue(keeper.current().stale(), "no incident service: stale");
    assertTrue(summary().contains("\"incidents\":[]"), "an optional part starts empty");

    incidentService();
    await("fresh", () -> !keeper.current().stale());
    assertTrue(summary().contains("Slow API"));

    components.unregister().await();
    vertx.runOnContext(v -> keeper.changed("components"));
    await("stale", () -> keeper.current().stale());
    assertTrue(summary().contains("operational"), "the last components are still served");
    assertEquals(SnapshotBuilderTest.T0, keeper.current().refreshedAt());
  }

  @Test
  void anAnswerThatDoesNotFitItsRecordCountsAsAFailureAndTheLastGoodDataIsServed() {
    componentService();
    incidentService();
    keeper("");
    startKeeper();
    await("first snapshot", () -> keeper.current() != null);

    // A status this gateway's contract does not know, as a newer component-service might send.
    status.set("exploded");
    vertx.runOnContext(v -> keeper.changed("components"));
    await("stale", () -> keeper.current().stale());
    assertTrue(summary().contains("\"status\":\"operational\""), "the last good components are still served");
    assertFalse(summary().contains("exploded"));

    status.set("major_outage");
    vertx.runOnContext(v -> keeper.changed("components"));
    await("fresh again", () -> !keeper.current().stale());
    assertTrue(summary().contains("major_outage"));
  }

  @Test
  void withoutARequiredPartThereIsNoSnapshotUntilItsServiceAnswers() {
    incidentService();
    keeper("");
    startKeeper();
    Sleep.millis(700);
    assertNull(keeper.current());
    componentService();
    await("the retry finds the service", () -> keeper.current() != null);
  }

  @Test
  void aReadIsRetriedOnTheNextInstanceOfTheService() {
    // An instance that never answers (a member that died but is still in the cluster), and a live one.
    vertx.eventBus().consumer(Services.Component.ADDRESS, m -> { }).completion().await();
    componentService();
    incidentService();
    keeper("");
    startKeeper();
    await("first snapshot", () -> keeper.current() != null);
    for (int i = 0; i < 4; i++) {
      vertx.runOnContext(v -> keeper.changed("components"));
      Sleep.millis(100);
    }
    await("settled", () -> componentFetches.get() >= 3);
    assertFalse(keeper.current().stale(), "one dead instance costs a retry, not a stale page");
  }

  @Test
  void aRestartedKeeperServesWhatItSavedMarkedStale() throws Exception {
    Path file = Files.createTempFile("snapshot-", ".json");
    Files.delete(file);
    componentService();
    incidentService();
    keeper(file.toString());
    startKeeper();
    await("saved", () -> Files.exists(file));
    vertx.runOnContext(v -> keeper.stop());
    components.unregister().await();

    keeper(file.toString());
    keeper.restore().await();
    assertNotNull(keeper.current());
    assertTrue(keeper.current().stale());
    assertTrue(summary().contains("Slow API"));
  }

  /** Sleeps on the test thread. */
  static final class Sleep {
    static void millis(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
