package io.statuspage.incident;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.StatusesApplied;
import io.statuspage.bus.messages.StatusesApply;
import io.statuspage.runtime.Json;
import io.statuspage.runtime.Outage;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Component statuses an incident sets (Statuspage's {@code incident[components][<id>]}), changed by component-service
 * ({@link Services.Component#STATUSES_APPLY}) so that the change and the incident both appear, or neither does.
 * component-service and this service each commit on their own, so it goes as a durable intent (table
 * {@code component_change}) and a compensation:
 * <ol>
 *   <li>the intent is committed, {@code pending}, before anything is sent;</li>
 *   <li>the statuses are applied, with the op id as request id: component-service applies one id at most once and
 *   answers a repeat with its first reply;</li>
 *   <li>the caller's {@code commit} runs its own transaction, in which {@link #settle} marks the intent
 *   {@code applied};</li>
 *   <li>a refusal (4xx) deletes the intent: nothing changed anywhere. No answer, or a failed commit, compensates:
 *   the op id is sent again as a fence ({@code expect} equal to the statuses, so it changes nothing itself): it
 *   answers the first apply's reply if that one was applied, and otherwise takes the id so that the original, if it
 *   is still on its way, can no longer apply. Then the changes the reply names are reverted (op id
 *   {@code <op>:revert}), each only while the component still has the incident's status, so a later change by
 *   someone else stays. The intent becomes {@code reverted} and the caller gets a 503 (or its commit's own 4xx).</li>
 * </ol>
 * When component-service cannot be reached for the compensation the intent stays {@code pending}, and
 * {@link #recover()}, run periodically by any instance, compensates it once it is older than {@link #GRACE}; a
 * {@link #settle} after that fails, so an incident whose commit was merely slow rolls back too.
 *
 * <p>Without statuses ({@code componentIds} only) it reads the components' views with an empty
 * {@code STATUSES_APPLY} (answered without writing, no request id) and writes no intent.
 */
public final class ComponentChanges implements AffectedComponents {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentChanges.class);
  /** How long one request to component-service may take: three fit in the gateway's 5 s. */
  public static final Duration TIMEOUT = Duration.ofMillis(1500);
  /**
   * How old a pending intent must be before {@link #recover()} compensates it: far longer than an apply and its
   * incident's commit take, so that recovery does not race a change still under way.
   */
  public static final Duration GRACE = Duration.ofSeconds(30);
  /** How long settled intents are kept, for inspection. */
  public static final Duration KEEP = Duration.ofDays(7);
  private static final String REVERT = ":revert";

  static {
    Json.configure();
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private Duration timeout = TIMEOUT;

  private ComponentChanges(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  /** Changes kept in the {@code component_change} table of {@code pool}'s schema (incident-service's). */
  public static ComponentChanges create(Vertx vertx, Pool pool, Clock clock) {
    return new ComponentChanges(vertx, pool, clock);
  }

  /** How long to wait for component-service's answer to each request (default {@link #TIMEOUT}). */
  public ComponentChanges timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Sets {@code statuses} on the page's components and shows {@code componentIds} too, then runs {@code commit}
   * (the incident's own transaction, which must call {@link #settle} with {@code opId}) with what component-service
   * answered; completes with the commit's result. Fails, with nothing changed (or, at worst, changed until recovery
   * reverts it), with component-service's refusal (422 naming {@code incident.components}), the commit's own
   * {@link ServiceError} below 500, or 503.
   *
   * @param opId new for each change (an incident update's id, say): the request id component-service dedupes on
   */
  @Override
  public <T> Future<T> apply(String pageId, String opId, Map<String, ComponentStatus> statuses,
                             List<String> componentIds, String actor, Function<StatusesApplied, Future<T>> commit) {
    if (statuses == null || statuses.isEmpty()) {
      Future<StatusesApplied> views = componentIds == null || componentIds.isEmpty()
        ? Future.succeededFuture(new StatusesApplied(List.of(), List.of()))
        : send(new StatusesApply(pageId, Map.of(), null, componentIds, actor), null)
          .recover(e -> Future.failedFuture(ServiceError.from(e)));
      return views.compose(commit);
    }
    StatusesApply change = new StatusesApply(pageId, statuses, null, componentIds, actor);
    return intend(opId, change)
      .compose(intended -> send(change, opId).transform(sent -> {
        if (sent.succeeded()) {
          return run(commit, sent.result()).recover(failure -> compensated(opId, failure));
        }
        if (refused(sent.cause())) {
          // Nothing was applied and nothing will be: component-service rolled the refusal back.
          return forget(opId).transform(forgotten -> Future.failedFuture(ServiceError.from(sent.cause())));
        }
        return compensated(opId, sent.cause());
      }));
  }

  /**
   * In the incident's transaction {@code tx}: marks the intent {@code opId} applied, so that it commits with the
   * incident. Fails (rolling the incident back) when it is no longer pending: recovery has reverted it. Without an
   * intent (the change only named components) there is nothing to settle.
   */
  @Override
  public Future<Void> settle(SqlClient tx, String opId) {
    return tx.preparedQuery("UPDATE component_change SET state = 'applied', settled_at = now() "
        + "WHERE op_id = $1 AND state = 'pending'")
      .execute(Tuple.of(opId))
      .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
        : tx.preparedQuery("SELECT state FROM component_change WHERE op_id = $1").execute(Tuple.of(opId))
          // No intent: the change only named components (nothing was applied, nothing to settle).
          .compose(found -> found.size() == 0 ? Future.<Void>succeededFuture()
            : Future.failedFuture(ServiceError.unavailable("The component change was undone before the incident "
            + "was saved; nothing changed, try again"))));
  }

  /**
   * Compensates the intents left pending longer than {@link #GRACE} (their process died, or component-service was
   * away when they failed), one transaction each, skipping those another instance is working on; completes with how
   * many, or fails when component-service still cannot be reached (they are tried again next time).
   */
  public Future<Integer> recover() {
    return recover(0);
  }

  private Future<Integer> recover(int done) {
    OffsetDateTime before = Writer.now(clock).minus(GRACE);
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT op_id, page_id, statuses, actor, state "
          + "FROM component_change WHERE state = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT 1 "
          + "FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(before))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false) : revert(tx, rows.iterator().next())
          .map(true)))
      .compose(found -> found ? recover(done + 1) : Future.succeededFuture(done));
  }

  /** Forgets settled intents older than {@link #KEEP}; completes with how many. */
  public Future<Integer> prune() {
    return pool.preparedQuery("DELETE FROM component_change WHERE state <> 'pending' AND created_at <= $1")
      .execute(Tuple.of(Writer.now(clock).minus(KEEP))).map(rows -> rows.rowCount());
  }

  private Future<Void> intend(String opId, StatusesApply change) {
    return pool.preparedQuery("INSERT INTO component_change (op_id, page_id, statuses, actor, created_at) "
        + "VALUES ($1, $2, $3, $4, $5)")
      .execute(Tuple.of(opId, change.pageId(), JsonObject.mapFrom(change.statuses()), change.actor(),
        Writer.now(clock)))
      .mapEmpty();
  }

  private Future<Void> forget(String opId) {
    // Should this fail, recovery finds the intent and its fence changes nothing.
    return pool.preparedQuery("DELETE FROM component_change WHERE op_id = $1 AND state = 'pending'")
      .execute(Tuple.of(opId)).mapEmpty();
  }

  /**
   * Compensates {@code opId} now, after {@code failure}; then fails with the failure's own 4xx (the input was wrong;
   * nothing changed) or a 503. Left pending for recovery when component-service cannot be reached.
   */
  private <T> Future<T> compensated(String opId, Throwable failure) {
    ServiceError error = ServiceError.from(failure);
    ServiceError answer = failure instanceof ServiceError own && own.status() < 500 ? own
      : ServiceError.unavailable("The components could not be changed together with the incident; nothing changed,"
      + " try again shortly");
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT op_id, page_id, statuses, actor, state "
          + "FROM component_change WHERE op_id = $1 FOR UPDATE")
        .execute(Tuple.of(opId))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          // Applied: the incident's commit did go through, only its answer was lost; leave both.
          return row == null || !"pending".equals(row.getString("state")) ? Future.succeededFuture() : revert(tx, row);
        }))
      .transform(done -> {
        if (done.failed()) {
          LOG.warn("Component change {} left for recovery ({}; compensation: {})", opId, Outage.reason(failure),
            Outage.reason(done.cause()));
        } else if (error.status() >= 500) {
          LOG.info("Component change {} reverted: {}", opId, Outage.reason(failure));
        }
        return Future.failedFuture(answer);
      });
  }

  /**
   * Reverts the pending intent {@code row}, locked in {@code tx}: fences its op id, reverts what the first apply
   * changed where the incident's status still holds, and marks it reverted. Fails, leaving it pending, when
   * component-service does not answer.
   */
  private Future<Void> revert(SqlClient tx, Row row) {
    String opId = row.getString("op_id");
    StatusesApply fence = new JsonObject().put("page_id", row.getString("page_id"))
      .put("statuses", row.getValue("statuses")).put("actor", row.getString("actor")).mapTo(StatusesApply.class);
    fence = new StatusesApply(fence.pageId(), fence.statuses(), fence.statuses(), List.of(), fence.actor());
    String pageId = fence.pageId();
    String actor = fence.actor();
    return send(fence, opId)
      .compose(first -> {
        Map<String, ComponentStatus> back = new LinkedHashMap<>();
        Map<String, ComponentStatus> expect = new LinkedHashMap<>();
        for (AffectedComponent change : first.changes()) {
          back.put(change.getCode(), change.getOldStatus());
          expect.put(change.getCode(), change.getNewStatus());
        }
        return back.isEmpty() ? Future.succeededFuture()
          : send(new StatusesApply(pageId, back, expect, List.of(), actor), opId + REVERT).mapEmpty();
      })
      .recover(failure -> {
        if (refused(failure)) {
          // The page or a component is gone: nothing of this change can be applied or undone any more.
          LOG.warn("Component change {} cannot be reverted: {}", opId, Outage.reason(failure));
          return Future.succeededFuture();
        }
        return Future.failedFuture(failure);
      })
      .compose(reverted -> tx.preparedQuery("UPDATE component_change SET state = 'reverted', settled_at = now() "
        + "WHERE op_id = $1").execute(Tuple.of(opId)))
      .mapEmpty();
  }

  private Future<StatusesApplied> send(StatusesApply request, String requestId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis())
      .addHeader(Services.ACTION, Services.Component.STATUSES_APPLY);
    if (request.actor() != null) {
      options.addHeader(Services.CALLER, request.actor());
    }
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, JsonObject.mapFrom(request), options)
      .map(reply -> reply.body().mapTo(StatusesApplied.class));
  }

  /** component-service refused the request itself (4xx): it rolled back, nothing was applied. */
  private static boolean refused(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() >= 400 && reply.failureCode() < 500;
  }

  /** The commit, a throw in it counted as its failure. */
  private static <T> Future<T> run(Function<StatusesApplied, Future<T>> commit, StatusesApplied applied) {
    try {
      return commit.apply(applied);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
