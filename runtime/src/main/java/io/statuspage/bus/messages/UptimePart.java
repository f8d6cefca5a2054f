package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.Summary;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeMetric;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reply to {@code snapshot} on {@link io.statuspage.bus.Services.Uptime#ADDRESS}: what the page's uptime bars,
 * response-time charts and {@code /api/v2/uptime.json} are drawn from.
 *
 * <p>Payload: {@code {"generated_at", "components": [UptimeComponent], "metrics": [UptimeMetric]}}, the contract's
 * models: per component with any figure, its days (oldest first, one per date, the best source of that date:
 * Pingdom, then probe, then status history; all are days of the page's time zone) for the last 92 dates, and its response series (24 hours hourly, 7 days 4-hourly, 30 days daily, from the
 * raw results); and the custom metrics' series. {@code name}, the 90-day window in the page's time zone, the overall
 * {@code uptime_percent} and each day's {@code incidents} are left for the gateway, which knows the components and
 * the incidents.
 *
 * <p>Sender: uptime-collector. Consumers: gateways, for their snapshot (the part named {@code uptime}); until it
 * first answers, and while it cannot, the page draws no graphs and says the data is unavailable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UptimePart(OffsetDateTime generatedAt, List<UptimeComponent> components, List<UptimeMetric> metrics)
  implements SummaryPart {

  public UptimePart {
    components = components == null ? List.of() : components;
    metrics = metrics == null ? List.of() : metrics;
  }

  /** No data: what stands for the part until the collector answers (generated_at null: never). */
  public static UptimePart none() {
    return new UptimePart(null, List.of(), List.of());
  }

  /** The summary has no uptime fields: the graphs are the page's and {@code uptime.json}'s. */
  @Override
  public void fill(Summary summary) {
  }
}
