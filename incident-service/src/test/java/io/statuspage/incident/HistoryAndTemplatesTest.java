package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backfilled incidents, templates, and postmortems from draft to publication and back. */
class HistoryAndTemplatesTest extends IncidentTestBase {

  @Test
  void aBackfilledIncidentIsResolvedHistoryThatNotifiesNobody() {
    zone = "Europe/Berlin";
    JsonObject past = create(new JsonObject().put("name", "Old outage").put("backfilled", true)
      .put("backfill_date", "2024-03-01").put("body", "It happened"));
    assertEquals("resolved", past.getString("status"));
    assertTrue(past.getBoolean("backfilled"));
    assertEquals("2024-03-01T00:00:00.000+01:00", past.getString("created_at"), "the day's start, page time");
    assertEquals(past.getString("created_at"), past.getString("resolved_at"));
    JsonObject update = past.getJsonArray("incident_updates").getJsonObject(0);
    assertEquals("It happened", update.getString("body"));
    assertFalse(update.getBoolean("deliver_notifications"));
    assertEquals(List.of(Services.Incident.INCIDENT_CHANGED), eventTypes());
    assertFalse(events().get(0).getJsonObject("data").getBoolean("deliver_notifications"));

    components.add("a", "API", null);
    assertEquals("incident.components", failure(Services.Incident.CREATE, page().put("incident", new JsonObject()
      .put("name", "X").put("backfilled", true).put("components", new JsonObject().put("a", "major_outage"))), 422)
      .getString("field"));
    assertEquals("incident.component_ids", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "X").put("backfilled", true).put("component_ids", new JsonArray().add("a"))), 422)
      .getString("field"));
    assertEquals("incident.backfill_date", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "X").put("backfilled", true).put("backfill_date", "2024-09-18")), 422)
      .getString("field"));
    assertEquals("incident.status", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "X").put("backfilled", true).put("status", "investigating")), 422)
      .getString("field"));
    assertEquals("incident.components", failure(Services.Incident.UPDATE, page().put("incident_id",
      past.getString("id")).put("incident", new JsonObject().put("components", new JsonObject()
      .put("a", "major_outage"))), 422).getString("field"));
    assertEquals(ComponentStatus.OPERATIONAL, components.status("a"));
    assertEquals(1, eventTypes().size());
  }

  @Test
  void aTemplateFillsWhatTheRequestDoesNotGive() {
    components.add("a", "API", null);
    JsonObject template = call(Services.Incident.TEMPLATE_CREATE, page().put("template", new JsonObject()
      .put("name", "API down").put("title", "API unavailable").put("body", "The API is down.")
      .put("update_status", "identified").put("should_send_notifications", false)
      .put("component_ids", new JsonArray().add("a")).put("components", new JsonObject().put("a", "major_outage"))));
    assertEquals("API unavailable", template.getString("title"));
    assertEquals(new JsonObject().put("a", "major_outage"), template.getJsonObject("components"));
    assertEquals(new JsonArray().add(template), list(Services.Incident.TEMPLATE_LIST, page()));

    JsonObject fromTemplate = create(new JsonObject().put("template_id", template.getString("id")));
    assertEquals("API unavailable", fromTemplate.getString("name"));
    assertEquals("identified", fromTemplate.getString("status"));
    assertEquals("critical", fromTemplate.getString("impact"));
    JsonObject update = fromTemplate.getJsonArray("incident_updates").getJsonObject(0);
    assertEquals("The API is down.", update.getString("body"));
    assertFalse(update.getBoolean("deliver_notifications"));
    assertEquals(ComponentStatus.MAJOR_OUTAGE, components.status("a"));

    JsonObject own = create(new JsonObject().put("template_id", template.getString("id")).put("name", "Mine")
      .put("body", "My words"));
    assertEquals("Mine", own.getString("name"));
    assertEquals("My words", own.getJsonArray("incident_updates").getJsonObject(0).getString("body"));

    assertEquals("incident.template_id", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "X").put("template_id", "nope")), 422).getString("field"));
    assertEquals("incident.name", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("body", "no name")), 422).getString("field"));
  }

  @Test
  void aPostmortemIsDraftedPublishedRevertedAndDeleted() {
    String id = create("Outage").getString("id");
    JsonObject pm = page().put("incident_id", id);
    assertEquals("postmortem", failure(Services.Incident.POSTMORTEM_PUT, pm.copy().put("postmortem",
      new JsonObject().put("body_draft", "Too early")), 422).getString("field"));
    failure(Services.Incident.POSTMORTEM_GET, pm, 404);
    update(id, new JsonObject().put("status", "resolved"));

    JsonObject draft = call(Services.Incident.POSTMORTEM_PUT, pm.copy().put("postmortem",
      new JsonObject().put("body_draft", "# What happened\nA disk filled up.")));
    assertEquals("# What happened\nA disk filled up.", draft.getString("body"));
    assertNull(draft.getValue("published_at"));
    assertEquals(draft, call(Services.Incident.POSTMORTEM_GET, pm));
    assertEquals("resolved", get(id).getString("status"));

    JsonObject published = call(Services.Incident.POSTMORTEM_PUBLISH, pm.copy().put("postmortem",
      new JsonObject().put("notify_subscribers", true)));
    assertEquals("2024-09-16T21:31:02.719Z", published.getString("published_at"));
    assertTrue(published.getBoolean("notify_subscribers"));
    JsonObject incident = get(id);
    assertEquals("postmortem", incident.getString("status"));
    assertEquals("# What happened\nA disk filled up.", incident.getString("postmortem_body"));
    assertEquals(published, call(Services.Incident.POSTMORTEM_PUBLISH, pm), "published once");
    assertEquals("postmortem", failure(Services.Incident.POSTMORTEM_DELETE, pm, 422).getString("field"));

    JsonObject reverted = call(Services.Incident.POSTMORTEM_REVERT, pm);
    assertNull(reverted.getValue("published_at"));
    assertEquals("resolved", get(id).getString("status"));
    assertEquals(new JsonObject(), call(Services.Incident.POSTMORTEM_DELETE, pm));
    failure(Services.Incident.POSTMORTEM_GET, pm, 404);
    failure(Services.Incident.POSTMORTEM_DELETE, pm, 404);

    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_RESOLVED,
      Services.Incident.INCIDENT_CHANGED, Services.Incident.INCIDENT_UPDATED, Services.Incident.INCIDENT_CHANGED,
      Services.Incident.INCIDENT_CHANGED), eventTypes());
    assertTrue(events().get(3).getJsonObject("data").getBoolean("deliver_notifications"));
  }

  @Test
  void publishingWithoutNotifyingIsNoNews() {
    String id = create(new JsonObject().put("name", "Quiet").put("status", "resolved")).getString("id");
    JsonObject pm = page().put("incident_id", id);
    call(Services.Incident.POSTMORTEM_PUT, pm.copy().put("postmortem", new JsonObject().put("body_draft", "Text")));
    JsonObject published = call(Services.Incident.POSTMORTEM_PUBLISH, pm);
    assertFalse(published.getBoolean("notify_subscribers"));
    assertEquals(Services.Incident.INCIDENT_CHANGED, eventTypes().get(eventTypes().size() - 1));
    assertEquals("incident.status", failure(Services.Incident.UPDATE, pm.copy().put("incident",
      new JsonObject().put("status", "postmortem")), 422).getString("field"));
  }
}
