package io.statuspage.component;

import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of the contract, key order as Statuspage serves them; nulls are written, never omitted. */
final class Views {

  private Views() {
  }

  /** The management API's {@code Page}. */
  static JsonObject page(PageRow page) {
    ZoneId zone = page.zone();
    return new JsonObject()
      .put("id", page.id())
      .put("name", page.name())
      .put("page_description", page.pageDescription())
      .put("url", page.url())
      .put("time_zone", page.timeZone())
      .put("created_at", Json.timestamp(page.createdAt(), zone))
      .put("updated_at", Json.timestamp(page.updatedAt(), zone));
  }

  /** The public API's {@code PageSummary}. */
  static JsonObject pageSummary(PageRow page, OffsetDateTime updatedAt) {
    return new JsonObject()
      .put("id", page.id())
      .put("name", page.name())
      .put("url", page.url())
      .put("time_zone", page.timeZone())
      .put("updated_at", Json.timestamp(updatedAt, page.zone()));
  }

  /** The management API's {@code Component}. */
  static JsonObject component(ComponentRow c, ZoneId zone) {
    return new JsonObject()
      .put("id", c.id())
      .put("page_id", c.pageId())
      .put("group_id", c.groupId())
      .put("created_at", Json.timestamp(c.createdAt(), zone))
      .put("updated_at", Json.timestamp(c.updatedAt(), zone))
      .put("group", c.group())
      .put("name", c.name())
      .put("description", c.description())
      .put("position", c.position())
      .put("status", c.status().wire())
      .put("showcase", c.showcase())
      .put("only_show_if_degraded", c.onlyShowIfDegraded())
      .put("automation_email", c.automationEmail())
      .put("start_date", date(c.startDate()));
  }

  /** The public API's component; {@code members} only for a group, whose {@code status} is its members' worst. */
  static JsonObject publicComponent(ComponentRow c, Status shown, List<String> members, ZoneId zone) {
    JsonObject json = new JsonObject()
      .put("id", c.id())
      .put("name", c.name())
      .put("status", shown.wire())
      .put("created_at", Json.timestamp(c.createdAt(), zone))
      .put("updated_at", Json.timestamp(c.updatedAt(), zone))
      .put("position", c.position())
      .put("description", c.description())
      .put("showcase", c.showcase())
      .put("start_date", date(c.startDate()))
      .put("group_id", c.groupId())
      .put("page_id", c.pageId())
      .put("group", c.group())
      .put("only_show_if_degraded", c.onlyShowIfDegraded());
    return c.group() ? json.put("components", new JsonArray(new ArrayList<>(members))) : json;
  }

  /** The management API's {@code ComponentGroup}. */
  static JsonObject group(ComponentRow g, List<String> members, ZoneId zone) {
    return new JsonObject()
      .put("id", g.id())
      .put("page_id", g.pageId())
      .put("name", g.name())
      .put("description", g.description())
      .put("components", new JsonArray(new ArrayList<>(members)))
      .put("position", g.position())
      .put("created_at", Json.timestamp(g.createdAt(), zone))
      .put("updated_at", Json.timestamp(g.updatedAt(), zone));
  }

  /** The management API's {@code StatusChange}. */
  static JsonObject statusChange(StatusChange s, ZoneId zone) {
    return new JsonObject()
      .put("id", String.valueOf(s.id()))
      .put("component_id", s.componentId())
      .put("old_status", s.oldStatus() == null ? null : s.oldStatus().wire())
      .put("new_status", s.newStatus().wire())
      .put("created_at", Json.timestamp(s.changedAt(), zone))
      .put("actor", s.actor());
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }
}
