package io.statuspage.gateway.snapshot;

import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the public bodies from the services' parts. Pure: no I/O, so it is cheap to test. */
public final class SnapshotBuilder {

  public static final String PAGE = "/";
  public static final String SUMMARY = "/api/v2/summary.json";
  public static final String STATUS = "/api/v2/status.json";
  public static final String COMPONENTS = "/api/v2/components.json";
  public static final String SUBSCRIBE = "/subscribe";

  private static final String JSON = "application/json; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";

  private final PageView view;

  /** @param view the deployment's branding; freshness is set per render */
  public SnapshotBuilder(PageView view) {
    this.view = view;
  }

  /**
   * @param parts each part's data by name ({@link SnapshotPart}); their fields make the page's data, in order
   */
  public Snapshot build(Map<String, JsonObject> parts, Instant refreshedAt, boolean stale) {
    return render(parts, refreshedAt, stale);
  }

  /** What is kept on disk: the data, not the rendered bodies (branding may change between runs). */
  public JsonObject persisted(Snapshot snapshot) {
    JsonObject parts = new JsonObject();
    snapshot.parts().forEach(parts::put);
    return new JsonObject().put("parts", parts).put("refreshed_at", snapshot.refreshedAt().toString());
  }

  /** A snapshot from {@link #persisted} data, stale until the services answer. */
  public Snapshot restore(JsonObject persisted) {
    JsonObject saved = persisted.getJsonObject("parts");
    if (saved == null || saved.isEmpty()) {
      throw new IllegalArgumentException("no parts in the saved snapshot");
    }
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    saved.forEach(e -> parts.put(e.getKey(), (JsonObject) e.getValue()));
    return render(parts, Instant.parse(persisted.getString("refreshed_at")), true);
  }

  /** The same data again, marked stale (or fresh): only the page's banner changes. */
  public Snapshot restamp(Snapshot previous, boolean stale) {
    return render(previous.parts(), previous.refreshedAt(), stale);
  }

  /** The public API's summary: the parts' fields, in the order Statuspage serves them. */
  static JsonObject summary(Map<String, JsonObject> parts) {
    JsonObject data = new JsonObject();
    parts.values().forEach(data::mergeIn);
    JsonObject page = data.getJsonObject("page");
    if (page == null) {
      throw new IllegalArgumentException("no page in the snapshot's parts");
    }
    return new JsonObject()
      .put("page", page)
      .put("components", data.getJsonArray("components", new JsonArray()))
      .put("incidents", data.getJsonArray("incidents", new JsonArray()))
      .put("scheduled_maintenances", data.getJsonArray("scheduled_maintenances", new JsonArray()))
      .put("status", data.getJsonObject("status"));
  }

  private Snapshot render(Map<String, JsonObject> parts, Instant refreshedAt, boolean stale) {
    JsonObject summary = summary(parts);
    JsonObject page = summary.getJsonObject("page");
    String lastModified = httpDate(page.getString("updated_at"), refreshedAt);
    // Short freshness: a status page must show a change within seconds, while still absorbing a burst.
    String cache = stale ? "public, max-age=5" : "public, max-age=10";
    Map<String, Snapshot.Resource> resources = new HashMap<>();
    resources.put(SUMMARY, resource(summary.toBuffer(), JSON, lastModified, cache));
    resources.put(STATUS, resource(new JsonObject().put("page", page).put("status", summary.getJsonObject("status"))
      .toBuffer(), JSON, lastModified, cache));
    resources.put(COMPONENTS, resource(new JsonObject().put("page", page)
      .put("components", summary.getJsonArray("components")).toBuffer(), JSON, lastModified, cache));
    PageView shown = view.withFreshness(refreshedAt, stale);
    Buffer html = Buffer.buffer(PublicPage.render(summary, shown).getBytes(StandardCharsets.UTF_8));
    String csp = PublicPage.contentSecurityPolicy(shown);
    resources.put(PAGE, new Snapshot.Resource(html, HTML, etag(html), lastModified, cache, csp));
    Buffer subscribe = Buffer.buffer(PublicPage.subscribe(summary, shown).getBytes(StandardCharsets.UTF_8));
    resources.put(SUBSCRIBE, new Snapshot.Resource(subscribe, HTML, etag(subscribe), lastModified, cache, csp));
    return new Snapshot(Map.copyOf(resources), Collections.unmodifiableMap(new LinkedHashMap<>(parts)), refreshedAt,
      stale);
  }

  private static Snapshot.Resource resource(Buffer body, String type, String lastModified, String cache) {
    return new Snapshot.Resource(body, type, etag(body), lastModified, cache, null);
  }

  static String etag(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String httpDate(String timestamp, Instant fallback) {
    Instant at;
    try {
      at = timestamp == null ? fallback : OffsetDateTime.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      at = fallback;
    }
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }
}
