package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.messages.StatusesApplied;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where an incident's {@code components} (statuses to set) and {@code component_ids} go: component-service owns the
 * components. The write path is: check the request, then {@link #apply} the statuses with the incident's commit as
 * {@code commit}; the commit's draft carries {@code opId} and its save calls {@link #settle} in the incident's
 * transaction, so both changes stand together or neither does: {@link ComponentChanges}, or a stand-in in tests.
 */
interface AffectedComponents {

  /**
   * Sets {@code statuses} on the page's components and names {@code componentIds} (and the keys of
   * {@code statuses}) as affected, then runs {@code commit} with the result; a 422 naming {@code incident.components}
   * or {@code incident.component_ids} for an id that is not a component of the page.
   */
  <T> Future<T> apply(String pageId, String opId, Map<String, ComponentStatus> statuses, List<String> componentIds,
                      String actor, Function<StatusesApplied, Future<T>> commit);

  /** Marks the change {@code opId} as committed, in the incident's transaction {@code tx}. */
  Future<Void> settle(SqlClient tx, String opId);
}
