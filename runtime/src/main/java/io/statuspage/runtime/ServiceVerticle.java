package io.statuspage.runtime;

import io.statuspage.bus.Endpoint;
import io.statuspage.bus.EventConsumer;
import io.statuspage.bus.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The plumbing every service shares, so that a service is written by filling in its domain. {@link #start()}
 * migrates and opens the service's schema ({@link Database#open}), creates its event-bus {@link Endpoint} (which
 * answers ping from a query on that schema) and, when the {@link Spec} names one, its {@link Outbox}; then lets the
 * subclass {@link #wire()} its domain; then registers the endpoint and the durable consumers, starts the outbox relay
 * and reports the service ready ({@link Health#readiness}) under its name. {@link #stop()} closes all of it again:
 * consumers and endpoint, timers, relay, pool. A failed start closes what it had opened.
 *
 * <pre>{@code
 * public final class IncidentServiceVerticle extends ServiceVerticle {
 *   public IncidentServiceVerticle(Config config, Health health) {
 *     super(config, health, Spec.of("incident-service", "incident", Services.Incident.ADDRESS)
 *       .withOutbox(Services.Incident.EVENTS, Services.Notifier.INBOX));
 *   }
 *
 *   protected Future<?> wire() {
 *     IncidentService incidents = new IncidentService(new IncidentRepository(), pool(), outbox());
 *     endpoint().on(Services.Incident.SNAPSHOT, r -> incidents.snapshot(r.body()));
 *     return Future.succeededFuture();
 *   }
 * }
 * }</pre>
 */
public abstract class ServiceVerticle extends VerticleBase {

  static {
    // Replies, events and requests go through the suite's mapper, in tests too (where Node is not used).
    Json.configure();
  }

  /** How often the relay looks at the outbox when no commit kicked it. */
  static final Duration RELAY_INTERVAL = Duration.ofSeconds(5);

  private final Config configuration;
  private final Health health;
  private final Spec spec;
  private final List<EventConsumer> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final List<Supplier<Future<?>>> closers = new ArrayList<>();
  private Pool pool;
  private Outbox outbox;
  private Endpoint endpoint;
  private Future<?> closed;

  protected ServiceVerticle(Config configuration, Health health, Spec spec) {
    this.configuration = configuration;
    this.health = health;
    this.spec = spec;
  }

  /**
   * Wires the domain: actions on {@link #endpoint()}, {@link #consume durable consumers}, {@link #periodic timers},
   * anything else to close on {@link #onStop stop}. Runs once the pool and outbox exist and before the endpoint is
   * registered, so the service answers nothing until the returned future (a bootstrap, say) has completed.
   */
  protected abstract Future<?> wire();

  @Override
  public final Future<?> start() {
    return Database.open(vertx, configuration, spec.schema(), spec.poolSize())
      .compose(opened -> {
        pool = opened;
        if (spec.topic() != null) {
          outbox = Outbox.create(vertx, pool, spec.topic());
          spec.deliverTo().forEach(outbox::deliverTo);
        }
        endpoint = Endpoint.create(vertx, spec.address()).ping(spec.name(), () -> pool.query("SELECT 1").execute());
        return wire();
      })
      .compose(wired -> {
        List<Future<Void>> registrations = new ArrayList<>();
        registrations.add(endpoint.start());
        consumers.forEach(consumer -> registrations.add(consumer.start()));
        return Future.all(registrations);
      })
      .compose(registered -> outbox == null ? Future.succeededFuture() : outbox.start(RELAY_INTERVAL))
      .onSuccess(started -> health.readiness(spec.name(), endpoint::health))
      .recover(failure -> close().transform(closed -> Future.failedFuture(failure)));
  }

  @Override
  public final Future<?> stop() {
    return close();
  }

  /**
   * Takes no new work (endpoint, consumers, timers), lets the relay finish its pass, then closes the pool. Once:
   * a failed start has closed already.
   */
  private Future<?> close() {
    if (closed != null) {
      return closed;
    }
    timers.forEach(vertx::cancelTimer);
    List<Future<Void>> unregistered = new ArrayList<>();
    if (endpoint != null) {
      unregistered.add(endpoint.stop());
    }
    consumers.forEach(consumer -> unregistered.add(consumer.stop()));
    closed = Future.join(unregistered)
      .eventually(() -> outbox == null ? Future.succeededFuture() : outbox.stop())
      .eventually(() -> Future.join(closers.stream().map(closer -> closer.get().mapEmpty()).toList()))
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    return closed;
  }

  /** The configuration this service was deployed with. */
  protected final Config configuration() {
    return configuration;
  }

  /** The pool on the service's schema (unqualified table names resolve there). */
  protected final Pool pool() {
    return pool;
  }

  /** The service's request address; add its actions with {@link Endpoint#on}. */
  protected final Endpoint endpoint() {
    return endpoint;
  }

  /** The service's outbox, to append to and kick after commit ({@link io.statuspage.write.Writer} does both). */
  protected final Outbox outbox() {
    if (outbox == null) {
      throw new IllegalStateException(spec.name() + " has no outbox: give its Spec one withOutbox(...)");
    }
    return outbox;
  }

  /**
   * Takes the events outboxes deliver to {@code address} exactly once in effect ({@link EventConsumer}); needs the
   * {@code received_event} table in the service's schema. Call from {@link #wire()}.
   */
  protected final void consume(String address, EventConsumer.Effect effect) {
    consumers.add(EventConsumer.create(vertx, pool, address, effect));
  }

  /** The same, for an effect that needs something known before its transaction opens. */
  protected final void consumePrepared(String address, EventConsumer.Preparation preparation) {
    consumers.add(EventConsumer.prepared(vertx, pool, address, preparation));
  }

  /** Runs {@code task} every {@code interval} until the service stops. */
  protected final void periodic(Duration interval, Handler<Long> task) {
    timers.add(vertx.setPeriodic(interval.toMillis(), task));
  }

  /** Closes something of the domain's when the service stops, before the pool is closed. */
  protected final void onStop(Supplier<Future<?>> closer) {
    closers.add(closer);
  }

  /**
   * What a service is: its name (in ping replies and readiness), its schema, its request address, its pool size
   * (overridden by {@code db.pool.size}), and its outbox if it has one: the topic it publishes on and the addresses
   * of the durable consumers it delivers to.
   */
  public record Spec(String name, String schema, String address, int poolSize, String topic, List<String> deliverTo) {

    public Spec {
      deliverTo = List.copyOf(deliverTo);
    }

    /** A service with a pool of 4 and no outbox. */
    public static Spec of(String name, String schema, String address) {
      return new Spec(name, schema, address, 4, null, List.of());
    }

    public Spec withPoolSize(int size) {
      return new Spec(name, schema, address, size, topic, deliverTo);
    }

    /** With an outbox that publishes on {@code topic} and delivers to each of {@code durableConsumers}. */
    public Spec withOutbox(String topic, String... durableConsumers) {
      return new Spec(name, schema, address, poolSize, topic, Arrays.asList(durableConsumers));
    }
  }
}
