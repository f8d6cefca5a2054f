package io.statuspage.uptime;

import io.statuspage.bus.ServiceError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page's probes and status rules, loaded under the page's lock and edited in memory; {@link #changes()} is what must
 * be written, with the runs to schedule now and to cancel.
 */
final class ProbeDraft {

  /** Enough for any page; a runaway script should not schedule thousands of probes. */
  static final int MAX_PROBES = 200;

  private final String pageId;
  private final OffsetDateTime now;
  private final Map<String, ProbeRow> probesBefore = new LinkedHashMap<>();
  private final Map<String, ProbeRow> probes = new LinkedHashMap<>();
  private final Map<String, RuleRow> rulesBefore = new LinkedHashMap<>();
  private final Map<String, RuleRow> rules = new LinkedHashMap<>();
  private final Set<String> runNow = new LinkedHashSet<>();

  ProbeDraft(String pageId, List<ProbeRow> probes, List<RuleRow> rules, OffsetDateTime now) {
    this.pageId = pageId;
    this.now = now;
    probes.forEach(p -> probesBefore.put(p.id(), p));
    this.probes.putAll(probesBefore);
    rules.forEach(r -> rulesBefore.put(r.componentId(), r));
    this.rules.putAll(rulesBefore);
  }

  String pageId() {
    return pageId;
  }

  OffsetDateTime now() {
    return now;
  }

  ProbeRow probe(String id) {
    ProbeRow row = probes.get(id);
    if (row == null) {
      throw ServiceError.notFound("probe", id);
    }
    return row;
  }

  /** A new probe, run at once when enabled. */
  void addProbe(ProbeRow row) {
    if (probes.size() >= MAX_PROBES) {
      throw ServiceError.unprocessable("probe", "A page has at most " + MAX_PROBES + " probes");
    }
    probes.put(row.id(), row);
    if (row.enabled()) {
      runNow.add(row.id());
    }
  }

  /** Replaces a probe; an enabled one that changed runs at once (a disabled one is cancelled). */
  void editProbe(ProbeRow edited) {
    ProbeRow old = probe(edited.id());
    probes.put(edited.id(), edited);
    if (edited.enabled() && !old.equals(edited)) {
      runNow.add(edited.id());
    }
  }

  void removeProbe(String id) {
    probe(id);
    probes.remove(id);
  }

  /** The component's rule, or 404. */
  RuleRow rule(String componentId) {
    RuleRow row = rules.get(componentId);
    if (row == null) {
      throw ServiceError.notFound("status rule of component", componentId);
    }
    return row;
  }

  RuleRow ruleOrNull(String componentId) {
    return rules.get(componentId);
  }

  void putRule(RuleRow row) {
    rules.put(row.componentId(), row);
  }

  void removeRule(String componentId) {
    rule(componentId);
    rules.remove(componentId);
  }

  List<ProbeRow> probes() {
    return List.copyOf(probes.values());
  }

  Changes changes() {
    List<ProbeRow> inserted = new ArrayList<>();
    List<ProbeRow> updated = new ArrayList<>();
    probes.values().forEach(p -> {
      ProbeRow old = probesBefore.get(p.id());
      if (old == null) {
        inserted.add(p);
      } else if (!old.equals(p)) {
        updated.add(p);
      }
    });
    List<String> deleted = probesBefore.keySet().stream().filter(id -> !probes.containsKey(id)).toList();
    List<RuleRow> putRules = rules.values().stream().filter(r -> !r.equals(rulesBefore.get(r.componentId()))).toList();
    List<String> deletedRules = rulesBefore.keySet().stream().filter(id -> !rules.containsKey(id)).toList();
    List<String> cancel = new ArrayList<>(deleted);
    updated.stream().filter(p -> !p.enabled()).map(ProbeRow::id).forEach(cancel::add);
    return new Changes(inserted, updated, deleted, putRules, deletedRules,
      runNow.stream().filter(probes::containsKey).toList(), cancel);
  }

  /** What a transaction writes: probes, rules, then the runs to schedule now and to cancel. */
  record Changes(List<ProbeRow> insertedProbes, List<ProbeRow> updatedProbes, List<String> deletedProbes,
                 List<RuleRow> putRules, List<String> deletedRules, List<String> runNow, List<String> cancelRuns) {

    boolean isEmpty() {
      return insertedProbes.isEmpty() && updatedProbes.isEmpty() && deletedProbes.isEmpty() && putRules.isEmpty()
        && deletedRules.isEmpty();
    }
  }
}
