package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.Incident;
import io.statuspage.gateway.page.IncidentLog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each incident's page ({@link IncidentLog#path}), made at its first request and kept for as long as its snapshot is
 * current: a new snapshot starts with none. At most {@link #KEPT} are kept; past that a page is made per request
 * (a fraction of a millisecond), so a crawler walking every incident cannot grow the heap.
 */
final class IncidentPages implements Snapshot.OnDemand {

  static final int KEPT = 256;

  private final Map<String, Incident> byPath = new HashMap<>();
  private final Function<Incident, Snapshot.Resource> render;
  private final Map<String, Snapshot.Resource> made = new ConcurrentHashMap<>();

  IncidentPages(List<Incident> incidents, Function<Incident, Snapshot.Resource> render) {
    for (Incident i : incidents) {
      String path = IncidentLog.path(i.getId());
      if (path != null) {
        byPath.putIfAbsent(path, i);
      }
    }
    this.render = render;
  }

  @Override
  public Snapshot.Resource render(String path) {
    Snapshot.Resource page = made.get(path);
    if (page != null) {
      return page;
    }
    Incident incident = byPath.get(path);
    if (incident == null) {
      return null;
    }
    // Made from the same data, a page is the same bytes (and ETag) whichever thread makes it first.
    page = render.apply(incident);
    if (made.size() < KEPT) {
      made.putIfAbsent(path, page);
    }
    return page;
  }

  /** How many pages are kept now. */
  int kept() {
    return made.size();
  }
}
