package io.statuspage.runtime;

import io.statuspage.bus.Services;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deploys one service on a fresh database and talks to it over the event bus only, as the gateway does; direct SQL
 * is there for what the bus cannot show (outbox rows, history). Test methods run on the JUnit thread, so they may
 * block on replies with {@code await()}.
 *
 * <pre>{@code
 * class IncidentActionsTest extends ServiceTestBase {
 *   IncidentActionsTest() {
 *     super(Services.Incident.ADDRESS, "incident");
 *   }
 *
 *   protected Deployable service(Config config, Health health, Clock clock) {
 *     return new IncidentServiceVerticle(config, health, clock);
 *   }
 * }
 * }</pre>
 */
@ExtendWith(VertxExtension.class)
public abstract class ServiceTestBase {

  /** Where {@link #clock} starts. */
  public static final Instant T0 = Instant.parse("2024-09-16T21:31:02.719Z");
  /** The caller the requests name, as the gateway names an API key. */
  public static final String CALLER = "key:test";

  private final String address;
  private final String schema;
  protected Vertx vertx;
  protected PgConnectOptions db;
  protected Config config;
  protected Health health;
  protected MutableClock clock;
  protected String deploymentId;
  private Pool sql;

  /** Tests of the service answering at {@code address} and owning {@code schema}. */
  protected ServiceTestBase(String address, String schema) {
    this.address = address;
    this.schema = schema;
  }

  /** The verticle under test, on {@code config} (a fresh database, and {@link #settings()}). */
  protected abstract Deployable service(Config config, Health health, Clock clock);

  /** Configuration on top of the database's; none by default. */
  protected Map<String, String> settings() {
    return Map.of();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    db = TestDatabase.fresh();
    clock = new MutableClock(T0);
    config = Config.of(TestDatabase.config(db)).with(settings());
    health = Health.create(vertx);
    sql = null;
    deploymentId = vertx.deployVerticle(service(config, health, clock)).await();
  }

  /** Stops the service (as a crash or a deploy would, but cleanly): its addresses have no handler any more. */
  protected void undeploy() {
    vertx.undeploy(deploymentId).await();
  }

  /** Starts the service again on the same database. */
  protected void redeploy() {
    deploymentId = vertx.deployVerticle(service(config, health, clock)).await();
  }

  protected Future<Object> request(String action, JsonObject body) {
    return vertx.eventBus().<Object>request(address, body, new DeliveryOptions()
        .addHeader(Services.ACTION, action).addHeader(Services.CALLER, CALLER).setSendTimeout(10_000))
      .map(Message::body);
  }

  protected JsonObject call(String action, JsonObject body) {
    return (JsonObject) request(action, body).await();
  }

  protected JsonArray list(String action, JsonObject body) {
    return (JsonArray) request(action, body).await();
  }

  /** Asserts the action fails with {@code status} and a problem saying so; returns the problem JSON. */
  protected JsonObject failure(String action, JsonObject body, int status) {
    try {
      request(action, body).await();
    } catch (Throwable t) {
      Throwable cause = t instanceof ReplyException ? t : t.getCause();
      if (cause instanceof ReplyException reply) {
        assertEquals(status, reply.failureCode(), reply.getMessage());
        JsonObject problem = new JsonObject(reply.getMessage());
        assertEquals(status, problem.getInteger("status"));
        return problem;
      }
      throw new AssertionError("Unexpected failure", t);
    }
    return fail(action + " succeeded; expected " + status);
  }

  /** Runs {@code statement} ({@code $1}, {@code $2} for {@code params}) on the service's schema directly. */
  protected RowSet<Row> sql(String statement, Object... params) {
    if (sql == null) {
      // Closed with the test's Vert.x.
      sql = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", schema))
        .using(vertx).build();
    }
    return sql.preparedQuery(statement).execute(Tuple.from(params)).await();
  }

  /** The first row of {@code query} on the service's schema. */
  protected Row queryOne(String query) {
    return sql(query).iterator().next();
  }
}
