package io.statuspage.component;

import io.statuspage.api.model.ComponentStatus;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayoutTest {

  private static final OffsetDateTime NOW = OffsetDateTime.parse("2024-09-16T21:31:02.719Z");

  @Test
  void rowsAreReadIntoTheirLists() {
    Layout layout = Layout.of(List.of(row("a", null, 1, false), row("g", null, 2, true), row("b", "g", 1, false),
      row("c", "g", 2, false), row("d", null, 3, false)));

    assertEquals(List.of("a", "g", "d"), layout.top());
    assertEquals(List.of("b", "c"), layout.members("g"));
    assertEquals(List.of("a", "g", "b", "c", "d"), layout.displayOrder());
    assertEquals("g", layout.groupOf("c"));
    assertNull(layout.groupOf("d"));
    assertEquals(3, layout.position("d"));
  }

  @Test
  void placingInsertsClampsAndClosesUp() {
    Layout layout = Layout.of(List.of(row("a", null, 1, false), row("b", null, 2, false), row("c", null, 3, false)));

    layout.place("c", null, 1);
    assertEquals(List.of("c", "a", "b"), layout.top());
    layout.place("c", null, 42);
    assertEquals(List.of("a", "b", "c"), layout.top());
    layout.place("n", null, null);
    assertEquals(List.of("a", "b", "c", "n"), layout.top());
  }

  @Test
  void groupsGainAndLoseMembers() {
    Layout layout = Layout.of(List.of(row("a", null, 1, false), row("b", null, 2, false)));
    layout.addGroup("g");
    layout.place("b", "g", null);
    layout.place("a", "g", 1);

    assertEquals(List.of("g"), layout.top());
    assertEquals(List.of("a", "b"), layout.members("g"));
    assertThrows(IllegalStateException.class, () -> layout.remove("g"));

    layout.place("a", null, null);
    layout.remove("b");
    assertEquals(List.of("g"), layout.emptyGroups());
    layout.remove("g");
    assertEquals(List.of("a"), layout.displayOrder());
  }

  private static ComponentRow row(String id, String groupId, int position, boolean group) {
    return new ComponentRow(id, "p", id, null, ComponentStatus.OPERATIONAL, position, groupId, group, false, false,
      null, null, NOW, NOW, false);
  }
}
