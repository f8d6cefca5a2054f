package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.ComponentsResponse;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.StatusResponse;
import io.statuspage.api.model.Summary;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
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

/**
 * Renders the public bodies from the services' parts, each read into its record ({@link SnapshotPart#read}) and
 * merged into the contract's {@link Summary}; {@code summary.json}, {@code status.json} and {@code components.json}
 * are the generated models written out. Pure: no I/O, so it is cheap to test.
 */
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
   * @param parts each part's data by name ({@link SnapshotPart}), as its service answered it
   * @throws IllegalArgumentException when a part does not fit its record, or there is no page
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

  /**
   * The public API's summary: each part of {@link SnapshotPart#ALL} read into its record, filling the contract's
   * {@link Summary} in list order; parts of other names are left out.
   *
   * @throws IllegalArgumentException when a part does not fit its record, or no part gave the page
   */
  static Summary summary(Map<String, JsonObject> parts) {
    Summary summary = new Summary();
    for (SnapshotPart part : SnapshotPart.ALL) {
      JsonObject data = parts.get(part.name());
      if (data != null) {
        part.read(data).fill(summary);
      }
    }
    if (summary.getPage() == null) {
      throw new IllegalArgumentException("no page in the snapshot's parts");
    }
    return summary;
  }

  private Snapshot render(Map<String, JsonObject> parts, Instant refreshedAt, boolean stale) {
    Summary summary = summary(parts);
    PageSummary page = summary.getPage();
    String lastModified = httpDate(page.getUpdatedAt(), refreshedAt);
    // Short freshness: a status page must show a change within seconds, while still absorbing a burst.
    String cache = stale ? "public, max-age=5" : "public, max-age=10";
    Map<String, Snapshot.Resource> resources = new HashMap<>();
    // The bodies are the contract's models as they are written: keys in its order, nulls kept.
    resources.put(SUMMARY, resource(Json.encodeToBuffer(summary), JSON, lastModified, cache));
    resources.put(STATUS, resource(Json.encodeToBuffer(new StatusResponse().page(page).status(summary.getStatus())),
      JSON, lastModified, cache));
    resources.put(COMPONENTS, resource(Json.encodeToBuffer(new ComponentsResponse().page(page)
      .components(summary.getComponents())), JSON, lastModified, cache));
    PageView shown = view.withFreshness(refreshedAt, stale);
    Buffer html = Buffer.buffer(PublicPage.render(summary, shown).getBytes(StandardCharsets.UTF_8));
    String csp = PublicPage.contentSecurityPolicy(shown);
    resources.put(PAGE, new Snapshot.Resource(html, HTML, etag(html), lastModified, cache, csp));
    Buffer subscribe = Buffer.buffer(PublicPage.subscribe(JsonObject.mapFrom(summary), shown)
      .getBytes(StandardCharsets.UTF_8));
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

  private static String httpDate(OffsetDateTime updatedAt, Instant fallback) {
    Instant at = updatedAt == null ? fallback : updatedAt.toInstant();
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }
}
