package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Test data: a realistic summary.json body and the real contract. */
final class Samples {

  private Samples() {
  }

  static JsonObject component(String id, String name, String status) {
    return new JsonObject()
        .put("id", id).put("name", name).put("status", status)
        .put("created_at", "2026-01-01T00:00:00.000Z").put("updated_at", "2026-11-18T14:00:00.000Z")
        .put("position", 1).put("description", null).put("showcase", true).put("start_date", null)
        .put("group_id", null).put("page_id", "page00000001").put("group", false)
        .put("only_show_if_degraded", false);
  }

  static JsonObject group(String id, String name, String status, String... members) {
    return component(id, name, status).put("group", true).put("components", new JsonArray(List.of((Object[]) members)));
  }

  static JsonObject summary(JsonObject... components) {
    return new JsonObject()
        .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme Cloud")
            .put("url", "https://status.acme.test").put("time_zone", "Etc/UTC")
            .put("updated_at", "2026-11-18T14:00:00.000Z"))
        .put("components", new JsonArray(List.of((Object[]) components)))
        .put("incidents", new JsonArray())
        .put("scheduled_maintenances", new JsonArray())
        .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational"));
  }

  /** A page with a group, ungrouped components in every status, an incident and a maintenance. */
  static JsonObject full() {
    JsonObject s = summary(
        group("grp000000001", "Platform", "partial_outage", "cmp000000001", "cmp000000002"),
        component("cmp000000001", "API", "degraded_performance").put("group_id", "grp000000001")
            .put("description", "The public REST API"),
        component("cmp000000002", "Web application", "partial_outage").put("group_id", "grp000000001"),
        component("cmp000000003", "Database", "operational").put("description", "Managed PostgreSQL"),
        component("cmp000000004", "CDN", "under_maintenance"),
        component("cmp000000005", "Email sending", "major_outage"),
        component("cmp000000006", "Legacy SMS gateway", "operational").put("only_show_if_degraded", true));
    s.put("status", new JsonObject().put("indicator", "critical").put("description", "Major System Outage"));
    s.put("incidents", new JsonArray().add(new JsonObject()
        .put("id", "inc000000001").put("name", "Emails delayed").put("status", "identified")
        .put("impact", "major").put("created_at", "2026-11-18T13:40:00.000Z")
        .put("started_at", "2026-11-18T13:40:00.000Z").put("resolved_at", null)
        .put("components", new JsonArray().add(component("cmp000000005", "Email sending", "major_outage")))
        .put("incident_updates", new JsonArray()
            .add(new JsonObject().put("id", "upd2").put("status", "identified")
                .put("body", "The issue has been identified.<br />A fix is being implemented.")
                .put("display_at", "2026-11-18T14:05:00.000Z").put("created_at", "2026-11-18T14:05:00.000Z"))
            .add(new JsonObject().put("id", "upd1").put("status", "investigating")
                .put("body", "We are currently investigating this issue.")
                .put("display_at", "2026-11-18T13:40:00.000Z").put("created_at", "2026-11-18T13:40:00.000Z")))));
    s.put("scheduled_maintenances", new JsonArray().add(new JsonObject()
        .put("id", "mnt000000001").put("name", "Database upgrade").put("status", "scheduled")
        .put("impact", "maintenance").put("scheduled_for", "2026-11-25T22:00:00.000Z")
        .put("scheduled_until", "2026-11-26T01:30:00.000Z")
        .put("components", new JsonArray().add(component("cmp000000003", "Database", "operational")))
        .put("incident_updates", new JsonArray().add(new JsonObject().put("id", "upd3").put("status", "scheduled")
            .put("body", "We will be undergoing scheduled maintenance during this time.")
            .put("created_at", "2026-11-18T09:00:00.000Z")))));
    return s;
  }

  /** The real contract as published: the openapi module's classpath resource. */
  static String contractYaml() {
    try (InputStream in = Samples.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml not on the test classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real contract from the openapi module's classpath resource, YAML parsed into JSON. */
  static JsonObject contract() {
    try (InputStream in = Samples.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml not on the test classpath");
      }
      Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return (JsonObject) toJson(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** YAML values as JSON values: keys as strings (response codes may be read as integers), dates as text. */
  static Object toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      map.forEach((k, v) -> o.put(String.valueOf(k), toJson(v)));
      return o;
    }
    if (value instanceof List<?> list) {
      JsonArray a = new JsonArray();
      list.forEach(v -> a.add(toJson(v)));
      return a;
    }
    if (value instanceof java.util.Date d) {
      return d.toInstant().toString();
    }
    return value;
  }
}
