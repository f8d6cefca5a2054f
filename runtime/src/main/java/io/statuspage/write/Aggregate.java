package io.statuspage.write;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;

/**
 * The domain's side of a {@link Writer}: how one kind of aggregate (a page with its components, an incident) is
 * locked and loaded as an in-memory draft, and how what the draft changed is saved. The SQL stays in the service's
 * repository; this only names the two steps.
 *
 * @param <K> what identifies an aggregate (its id)
 * @param <D> the draft a change edits
 */
public interface Aggregate<K, D> {

  /**
   * Locks the aggregate {@code key} until the transaction ends, so that writes to it run one at a time, and loads it
   * as a draft whose edits are stamped {@code now}; fails (a {@link io.statuspage.bus.ServiceError} 404, say) when
   * there is none.
   */
  Future<D> lock(SqlClient tx, K key, OffsetDateTime now);

  /**
   * Compares the draft with what was loaded and writes the difference (history rows included); completes with false,
   * having written nothing, when nothing changed.
   */
  Future<Boolean> save(SqlClient tx, D draft);

  @FunctionalInterface
  interface Lock<K, D> {
    Future<D> lock(SqlClient tx, K key, OffsetDateTime now);
  }

  @FunctionalInterface
  interface Save<D> {
    Future<Boolean> save(SqlClient tx, D draft);
  }

  /** An aggregate from its two steps, e.g. {@code Aggregate.of(this::lock, this::save)}. */
  static <K, D> Aggregate<K, D> of(Lock<K, D> lock, Save<D> save) {
    return new Aggregate<>() {
      @Override
      public Future<D> lock(SqlClient tx, K key, OffsetDateTime now) {
        return lock.lock(tx, key, now);
      }

      @Override
      public Future<Boolean> save(SqlClient tx, D draft) {
        return save.save(tx, draft);
      }
    };
  }
}
