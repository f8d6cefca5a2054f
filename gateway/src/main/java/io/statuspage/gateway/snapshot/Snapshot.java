package io.statuspage.gateway.snapshot;

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
 */
public record Snapshot(Map<String, Resource> resources, Map<String, JsonObject> parts, Instant refreshedAt,
                       boolean stale) {

  /** One public body; {@code contentSecurityPolicy} is null for JSON. */
  public record Resource(Buffer body, String contentType, String etag, String lastModified, String cacheControl,
                         String contentSecurityPolicy) {
  }

  public Resource get(String path) {
    return resources.get(path);
  }
}
