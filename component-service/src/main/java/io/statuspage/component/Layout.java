package io.statuspage.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the components of a page sit: the top-level list (ungrouped components and groups, positions 1..n
 * together) and each group's member list (positions 1..n within it). Lists are kept dense, so a position is simply
 * an index plus one.
 */
final class Layout {

  private final List<String> top = new ArrayList<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();

  /** The layout of {@code rows}, which must come in position order. */
  static Layout of(List<ComponentRow> rows) {
    Layout layout = new Layout();
    rows.stream().filter(ComponentRow::group).forEach(g -> layout.members.put(g.id(), new ArrayList<>()));
    for (ComponentRow row : rows) {
      layout.list(row.groupId()).add(row.id());
    }
    return layout;
  }

  boolean contains(String id) {
    return top.contains(id) || members.values().stream().anyMatch(list -> list.contains(id));
  }

  boolean isGroup(String id) {
    return members.containsKey(id);
  }

  /** The group holding {@code id}, null when it is top-level. */
  String groupOf(String id) {
    return members.entrySet().stream().filter(e -> e.getValue().contains(id)).map(Map.Entry::getKey)
      .findFirst().orElse(null);
  }

  int position(String id) {
    return list(groupOf(id)).indexOf(id) + 1;
  }

  List<String> top() {
    return Collections.unmodifiableList(top);
  }

  List<String> members(String groupId) {
    return List.copyOf(members.getOrDefault(groupId, List.of()));
  }

  /** Adds an empty group at the end of the top level. */
  void addGroup(String id) {
    members.put(id, new ArrayList<>());
    top.add(id);
  }

  /**
   * Moves (or adds) {@code id} into {@code groupId}'s list (top level when null) at {@code position}, or last when
   * that is null; both lists close up.
   */
  void place(String id, String groupId, Integer position) {
    detach(id);
    List<String> list = list(groupId);
    int index = position == null ? list.size() : Math.max(0, Math.min(position - 1, list.size()));
    list.add(index, id);
  }

  /** Takes {@code id} out; a group must have been emptied first. */
  void remove(String id) {
    if (!members.getOrDefault(id, List.of()).isEmpty()) {
      throw new IllegalStateException("Group " + id + " still has members");
    }
    detach(id);
    members.remove(id);
  }

  List<String> emptyGroups() {
    return members.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  /** Display order: the top level by position, each group immediately followed by its members. */
  List<String> displayOrder() {
    List<String> order = new ArrayList<>();
    for (String id : top) {
      order.add(id);
      order.addAll(members.getOrDefault(id, List.of()));
    }
    return order;
  }

  private void detach(String id) {
    top.remove(id);
    members.values().forEach(list -> list.remove(id));
  }

  private List<String> list(String groupId) {
    if (groupId == null) {
      return top;
    }
    List<String> list = members.get(groupId);
    if (list == null) {
      throw new IllegalArgumentException("No group " + groupId);
    }
    return list;
  }
}
