package io.statuspage.gateway.snapshot;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * What the public sees, made once per change: every public body already rendered, with its validators. Immutable,
 * so every event loop can serve it without locks.
 *
 * @param resources     path to body
 * @param summary       the v2 summary it was made from (for re-rendering when it goes stale)
 * @param incidentsPart the incident-service's part, kept when that service is down
 * @param refreshedAt   when the data was last fetched successfully
 * @param stale         true when the latest refresh failed and this data may be out of date
 */
public record Snapshot(Map<String, Resource> resources, JsonObject summary, JsonObject incidentsPart,
                       Instant refreshedAt, boolean stale) {

  /** One public body; {@code contentSecurityPolicy} is null for JSON. */
  public record Resource(Buffer body, String contentType, String etag, String lastModified, String cacheControl,
                         String contentSecurityPolicy) {
  }

  public Resource get(String path) {
    return resources.get(path);
  }
}
