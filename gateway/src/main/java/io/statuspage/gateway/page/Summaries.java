package io.statuspage.gateway.page;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.PublicIncident;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.Summary;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code summary.json} body into the contract's generated {@link Summary}, with the suite's Jackson mapper.
 * Fields the model does not know are ignored and a status it does not know reads as {@code null} (the page shows
 * "Unknown"). Each part is read on its own, so a part that does not fit the model leaves out that part, not the page.
 */
final class Summaries {

  private static final Logger LOG = LoggerFactory.getLogger(Summaries.class);
  private static final ObjectMapper MAPPER;
  private static final ObjectReader READER;

  static {
    Json.configure();
    MAPPER = DatabindCodec.mapper();
    READER = MAPPER.reader()
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
  }

  private Summaries() {
  }

  /** The summary; {@code null} or an empty object gives an empty one (no page, no components). */
  static Summary read(JsonObject json) {
    JsonObject s = json == null ? new JsonObject() : json;
    Summary summary = new Summary()
        .page(part(s.getValue("page"), PageSummary.class))
        .status(part(s.getValue("status"), Status.class))
        .components(new ArrayList<>())
        .incidents(new ArrayList<>(typed(s.getValue("incidents"), PublicIncident.class)))
        .scheduledMaintenances(new ArrayList<>(typed(s.getValue("scheduled_maintenances"), PublicIncident.class)));
    for (Object item : items(s.getValue("components"))) {
      PublicComponent component = part(item, PublicComponent.class);
      if (component != null) {
        summary.addComponentsItem(component);
      }
    }
    return summary;
  }

  /**
   * A summary body's incidents and maintenances in the management shape (the fields the public one lacks left
   * empty), for drawing the page from a summary alone; those that do not fit are left out.
   */
  static List<Incident> incidents(JsonObject json) {
    JsonObject s = json == null ? new JsonObject() : json;
    List<Incident> all = new ArrayList<>(typed(s.getValue("incidents"), Incident.class));
    all.addAll(typed(s.getValue("scheduled_maintenances"), Incident.class));
    // a status the contract does not know reads as null: such an incident cannot be placed anywhere
    all.removeIf(i -> i.getStatus() == null);
    return all;
  }

  private static <T> T part(Object value, Class<T> type) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode tree = MAPPER.valueToTree(plain(value));
      return READER.forType(type).readValue(tree);
    } catch (Exception e) {
      LOG.warn("Left out of the page, not a {}: {}", type.getSimpleName(), e.getMessage());
      return null;
    }
  }

  /** The items of an array that read as {@code type}; the others are left out (and logged). */
  private static <T> List<T> typed(Object array, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object item : items(array)) {
      T value = part(item, type);
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  private static List<?> items(Object array) {
    if (array instanceof JsonArray a) {
      return a.getList();
    }
    return array instanceof List<?> list ? list : List.of();
  }

  /** Vert.x JSON types as plain maps and lists, which every Jackson mapper reads. */
  private static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      return o.getMap();
    }
    if (value instanceof JsonArray a) {
      return a.getList();
    }
    return value;
  }
}
