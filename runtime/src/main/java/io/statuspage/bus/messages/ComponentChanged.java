package io.statuspage.bus.messages;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Locale;

/**
 * Event {@code component.changed} ({@link io.statuspage.bus.Services.Component#CHANGED}): something about the page, a
 * component or a group changed, status moves included.
 *
 * <p>Payload, the {@link Event}'s data: {@code {"page_id", "kind": "page|component|group", "id",
 * "action": "created|updated|deleted"}}.
 *
 * <p>Sender: component-service, in the transaction of the change (and once when it creates the first page).
 *
 * <p>Consumers: gateways, on the topic, which refetch the components part; notifier-service, delivered to its inbox;
 * uptime-collector, on the topic, which forgets a deleted component's probes, rule and figures (and sweeps for the
 * deletions it missed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComponentChanged(String pageId, Kind kind, String id, Action action) {

  /** What changed. */
  public enum Kind {
    PAGE, COMPONENT, GROUP;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How it changed. */
  public enum Action {
    CREATED, UPDATED, DELETED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
