package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact bytes of every reply shape: key order, nulls written, timestamps in the page's zone with milliseconds,
 * dates as YYYY-MM-DD. Ids are random, so they are named before comparing.
 */
class WireFormatTest extends ComponentTestBase {

  private final Map<String, String> names = new LinkedHashMap<>();

  @Test
  void repliesKeepTheirBytes() {
    call(Services.Component.PAGE_UPDATE, page().put("page", new JsonObject().put("time_zone", "America/New_York")));
    // Sub-millisecond time is cut, not rounded.
    clock.advance(Duration.ofNanos(1_234_567_890));
    String api = name("API", createComponent(new JsonObject().put("name", "API").put("start_date", "2024-01-31")
      .put("showcase", true)));
    String db = name("DB", createComponent(new JsonObject().put("name", "DB").put("description", "Postgres")));
    String web = name("WEB", createComponent("Web"));
    clock.advance(Duration.ofMinutes(1));
    String core = name("CORE", call(Services.Component.GROUP_CREATE, page().put("component_group",
      new JsonObject().put("name", "Core").put("components", new JsonArray().add(db).add(web)))));
    clock.advance(Duration.ofMinutes(1));
    updateComponent(web, new JsonObject().put("status", "partial_outage"));

    assertEquals("{\"id\":\"page00000001\",\"name\":\"Acme\",\"page_description\":null,"
      + "\"url\":\"http://localhost:8080\",\"time_zone\":\"America/New_York\","
      + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\",\"updated_at\":\"2024-09-16T17:31:02.719-04:00\"}",
      named(call(Services.Component.PAGE_GET, page())));
    assertEquals("[{\"id\":\"page00000001\",\"name\":\"Acme\",\"page_description\":null,"
      + "\"url\":\"http://localhost:8080\",\"time_zone\":\"America/New_York\","
      + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\",\"updated_at\":\"2024-09-16T17:31:02.719-04:00\"}]",
      named(list(Services.Component.PAGE_LIST, new JsonObject())));

    assertEquals("{\"id\":\"API\",\"page_id\":\"page00000001\",\"group_id\":null,"
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"updated_at\":\"2024-09-16T17:31:03.953-04:00\","
      + "\"group\":false,\"name\":\"API\",\"description\":null,\"position\":1,\"status\":\"operational\","
      + "\"showcase\":true,\"only_show_if_degraded\":false,\"automation_email\":null,\"start_date\":\"2024-01-31\","
      + "\"automation_hold\":false}",
      named(call(Services.Component.GET, page().put("component_id", api))));
    assertEquals("{\"id\":\"WEB\",\"page_id\":\"page00000001\",\"group_id\":\"CORE\","
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"updated_at\":\"2024-09-16T17:33:03.953-04:00\","
      + "\"group\":false,\"name\":\"Web\",\"description\":null,\"position\":2,\"status\":\"partial_outage\","
      + "\"showcase\":false,\"only_show_if_degraded\":false,\"automation_email\":null,\"start_date\":null,"
      + "\"automation_hold\":true}",
      named(call(Services.Component.GET, page().put("component_id", web))));

    assertEquals("{\"id\":\"CORE\",\"page_id\":\"page00000001\",\"name\":\"Core\",\"description\":null,"
      + "\"components\":[\"DB\",\"WEB\"],\"position\":2,"
      + "\"created_at\":\"2024-09-16T17:32:03.953-04:00\",\"updated_at\":\"2024-09-16T17:32:03.953-04:00\"}",
      named(call(Services.Component.GROUP_GET, page().put("component_group_id", core))));

    assertEquals("[{\"id\":\"4\",\"component_id\":\"WEB\",\"old_status\":\"operational\","
      + "\"new_status\":\"partial_outage\",\"created_at\":\"2024-09-16T17:33:03.953-04:00\",\"actor\":\"key:test\","
      + "\"reason\":null},"
      + "{\"id\":\"3\",\"component_id\":\"WEB\",\"old_status\":null,\"new_status\":\"operational\","
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"actor\":\"key:test\",\"reason\":null}]",
      named(list(Services.Component.HISTORY, page().put("component_id", web))));

    assertEquals("{\"page\":{\"id\":\"page00000001\",\"name\":\"Acme\",\"url\":\"http://localhost:8080\","
      + "\"time_zone\":\"America/New_York\",\"updated_at\":\"2024-09-16T17:33:03.953-04:00\"},"
      + "\"components\":["
      + "{\"id\":\"API\",\"name\":\"API\",\"status\":\"operational\","
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"updated_at\":\"2024-09-16T17:31:03.953-04:00\","
      + "\"position\":1,\"description\":null,\"showcase\":true,\"start_date\":\"2024-01-31\",\"group_id\":null,"
      + "\"page_id\":\"page00000001\",\"group\":false,\"only_show_if_degraded\":false},"
      + "{\"id\":\"CORE\",\"name\":\"Core\",\"status\":\"partial_outage\","
      + "\"created_at\":\"2024-09-16T17:32:03.953-04:00\",\"updated_at\":\"2024-09-16T17:32:03.953-04:00\","
      + "\"position\":2,\"description\":null,\"showcase\":false,\"start_date\":null,\"group_id\":null,"
      + "\"page_id\":\"page00000001\",\"group\":true,\"only_show_if_degraded\":false,\"components\":[\"DB\",\"WEB\"]},"
      + "{\"id\":\"DB\",\"name\":\"DB\",\"status\":\"operational\","
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"updated_at\":\"2024-09-16T17:32:03.953-04:00\","
      + "\"position\":1,\"description\":\"Postgres\",\"showcase\":false,\"start_date\":null,\"group_id\":\"CORE\","
      + "\"page_id\":\"page00000001\",\"group\":false,\"only_show_if_degraded\":false},"
      + "{\"id\":\"WEB\",\"name\":\"Web\",\"status\":\"partial_outage\","
      + "\"created_at\":\"2024-09-16T17:31:03.953-04:00\",\"updated_at\":\"2024-09-16T17:33:03.953-04:00\","
      + "\"position\":2,\"description\":null,\"showcase\":false,\"start_date\":null,\"group_id\":\"CORE\","
      + "\"page_id\":\"page00000001\",\"group\":false,\"only_show_if_degraded\":false}],"
      + "\"status\":{\"indicator\":\"minor\",\"description\":\"Minor Service Outage\"}}",
      named(snapshot()));
  }

  private String name(String name, JsonObject created) {
    names.put(created.getString("id"), name);
    return created.getString("id");
  }

  private String named(Object reply) {
    String json = reply instanceof JsonArray array ? array.encode() : ((JsonObject) reply).encode();
    for (Map.Entry<String, String> id : names.entrySet()) {
      json = json.replace("\"" + id.getKey() + "\"", "\"" + id.getValue() + "\"");
    }
    return json;
  }
}
