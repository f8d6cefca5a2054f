package io.statuspage.gateway;

import io.statuspage.gateway.access.ApiKeys;
import io.statuspage.gateway.api.ManagementApi;
import io.statuspage.gateway.api.SubscriberPages;
import io.statuspage.gateway.snapshot.SnapshotKeeper;
import io.statuspage.runtime.Health;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;

/** What the HTTP server instances of one gateway process share: built once, read by every event loop. */
record Gateway(String host, int port, boolean compression, OpenAPIContract contract, JsonObject contractDocument,
               Buffer contractYaml, Buffer docsHtml, String contentSecurityPolicy, ApiKeys keys,
               ManagementApi management, SubscriberPages subscriptions, SnapshotKeeper keeper,
               Health health) {
}
