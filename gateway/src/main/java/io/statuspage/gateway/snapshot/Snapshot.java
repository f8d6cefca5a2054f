package io.statuspage.gateway.snapshot;

import io.statuspage.gateway.page.ServedBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * What the public sees, made once per change: every public body already rendered, with its validators. Immutable,
 * so every event loop can serve it without locks.
 *
 * @param resources   path to body
 * @param parts       the data it was made from, by part (for re-rendering, and for keeping on disk)
 * @param refreshedAt when the data was last fetched successfully
 * @param stale       true when the latest refresh failed and this data may be out of date
 * @param onDemand    the bodies made at their first request instead (each incident's page), kept while this
 *                    snapshot is current
 */
public record Snapshot(Map<String, Resource> resources, Map<String, JsonObject> parts, Instant refreshedAt,
                       boolean stale, OnDemand onDemand) {

  /** Bodies too many to make with every snapshot: the one at {@code path}, or null when there is none. */
  public interface OnDemand {
    Resource render(String path);
  }

  public Snapshot(Map<String, Resource> resources, Map<String, JsonObject> parts, Instant refreshedAt,
                  boolean stale) {
    this(resources, parts, refreshedAt, stale, path -> null);
  }

  /** One public body, with its gzip form; {@code contentSecurityPolicy} is null for JSON. */
  public record Resource(ServedBody served, String contentType, String lastModified, String cacheControl,
                         String contentSecurityPolicy) {

    public Buffer body() {
      return served.identity();
    }

    public String etag() {
      return served.etag();
    }
  }

  public Resource get(String path) {
    Resource made = resources.get(path);
    return made != null ? made : onDemand.render(path);
  }
}
