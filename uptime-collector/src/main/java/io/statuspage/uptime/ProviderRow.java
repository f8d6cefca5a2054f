package io.statuspage.uptime;

import io.statuspage.api.model.MetricsProvider;
import io.statuspage.runtime.Json;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A metrics provider. {@code apiToken} is write-only: it is never part of a {@link #view}. Null means pingdom.token. */
record ProviderRow(String id, String pageId, String type, String apiToken, boolean disabled, String lastError,
                   OffsetDateTime failingSince, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static final String PINGDOM = "Pingdom";
  /** Statuspage's provider of custom metrics: their data is posted, nothing is polled. */
  static final String SELF = "Self";

  static final String COLUMNS = "id, page_id, type, api_token, disabled, last_error, failing_since, created_at, "
    + "updated_at";

  Object[] values() {
    return new Object[] {id, pageId, type, apiToken, disabled, lastError, failingSince, createdAt, updatedAt};
  }

  static ProviderRow from(Row r) {
    return new ProviderRow(r.getString("id"), r.getString("page_id"), r.getString("type"), r.getString("api_token"),
      r.getBoolean("disabled"), r.getString("last_error"), utc(r, "failing_since"), utc(r, "created_at"),
      utc(r, "updated_at"));
  }

  /** A new token clears the failure it may have caused. */
  ProviderRow edit(String token, Boolean disable, OffsetDateTime now) {
    boolean newToken = token != null && !token.equals(apiToken);
    boolean newDisabled = disable != null && disable != disabled;
    if (!newToken && !newDisabled) {
      return this;
    }
    return new ProviderRow(id, pageId, type, newToken ? token : apiToken, newDisabled ? disable : disabled,
      newToken ? null : lastError, newToken ? null : failingSince, createdAt, now);
  }

  MetricsProvider view(ZoneId zone) {
    return new MetricsProvider().id(id).pageId(pageId).type(MetricsProvider.TypeEnum.fromValue(type))
      .disabled(disabled).tokenSource(apiToken == null && PINGDOM.equals(type)
        ? MetricsProvider.TokenSourceEnum.CONFIGURATION
        : MetricsProvider.TokenSourceEnum.PROVIDER)
      .lastError(lastError).failingSince(failingSince == null ? null : Json.inZone(failingSince, zone))
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone));
  }

  static OffsetDateTime utc(Row r, String column) {
    OffsetDateTime at = r.getOffsetDateTime(column);
    return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
