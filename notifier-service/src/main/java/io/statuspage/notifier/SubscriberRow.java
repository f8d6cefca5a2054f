package io.statuspage.notifier;

import io.statuspage.api.model.Subscriber;
import io.statuspage.api.model.SubscriberState;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of {@code subscriber}: an email address or a webhook of a page, or an email address of one incident.
 * {@code componentIds} empty means every component. {@code address} is what makes two subscriptions the same.
 */
record SubscriberRow(String id, String pageId, Mode mode, String email, String address, String endpoint,
                     String format, String secret, List<String> componentIds, String incidentId,
                     SubscriberState state, boolean skipConfirmationNotification, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt, OffsetDateTime confirmedAt, OffsetDateTime quarantinedAt,
                     OffsetDateTime purgeAt, OffsetDateTime unsubscribedAt) {

  /** As Statuspage: a quarantined subscriber is deleted after 90 days unless reactivated. */
  static final Duration PURGE_AFTER = Duration.ofDays(90);

  enum Mode {
    EMAIL, WEBHOOK;

    String wire() {
      return this == EMAIL ? "email" : "webhook";
    }

    static Mode of(String wire) {
      return "webhook".equals(wire) ? WEBHOOK : EMAIL;
    }
  }

  SubscriberRow {
    componentIds = List.copyOf(componentIds);
  }

  /** A new subscriber: active at once when it needs no confirmation, else unconfirmed. */
  static SubscriberRow create(String id, String pageId, Mode mode, String email, String address, String endpoint,
                              String format, String secret, List<String> componentIds, String incidentId,
                              boolean skipConfirmation, OffsetDateTime now) {
    boolean active = mode == Mode.WEBHOOK || skipConfirmation;
    return new SubscriberRow(id, pageId, mode, email, address, endpoint, format, secret, componentIds, incidentId,
      active ? SubscriberState.ACTIVE : SubscriberState.UNCONFIRMED, skipConfirmation, now, now,
      active ? now : null, null, null, null);
  }

  SubscriberRow components(List<String> ids, OffsetDateTime now) {
    return ids.equals(componentIds) ? this : new SubscriberRow(id, pageId, mode, email, address, endpoint, format,
      secret, ids, incidentId, state, skipConfirmationNotification, createdAt, now, confirmedAt, quarantinedAt,
      purgeAt, unsubscribedAt);
  }

  /** Confirmed (double opt-in done); itself when it was confirmed already. */
  SubscriberRow confirmed(OffsetDateTime now) {
    return state != SubscriberState.UNCONFIRMED ? this : moved(SubscriberState.ACTIVE, now, now, null, null, null);
  }

  /** Unsubscribed for good; itself when it was already. */
  SubscriberRow unsubscribed(OffsetDateTime now) {
    return state == SubscriberState.UNSUBSCRIBED ? this
      : moved(SubscriberState.UNSUBSCRIBED, now, confirmedAt, quarantinedAt, null, now);
  }

  /** Active again after quarantine; itself when it is active. */
  SubscriberRow reactivated(OffsetDateTime now) {
    return state != SubscriberState.QUARANTINED ? this : moved(SubscriberState.ACTIVE, now, confirmedAt, null, null,
      null);
  }

  /** Quarantined after repeated failed deliveries, to be purged after {@link #PURGE_AFTER}. */
  SubscriberRow quarantined(OffsetDateTime now) {
    return state != SubscriberState.ACTIVE ? this : moved(SubscriberState.QUARANTINED, now, confirmedAt, now,
      now.plus(PURGE_AFTER), null);
  }

  private SubscriberRow moved(SubscriberState to, OffsetDateTime now, OffsetDateTime confirmed,
                              OffsetDateTime quarantined, OffsetDateTime purge, OffsetDateTime unsubscribed) {
    return new SubscriberRow(id, pageId, mode, email, address, endpoint, format, secret, componentIds, incidentId, to,
      skipConfirmationNotification, createdAt, now, confirmed, quarantined, purge, unsubscribed);
  }

  /** The management API's {@code Subscriber}, without the secret (shown once, by the create that made it). */
  Subscriber view() {
    return new Subscriber()
      .id(id)
      .mode(Subscriber.ModeEnum.fromValue(mode.wire()))
      .email(email)
      .endpoint(endpoint)
      .quarantinedAt(quarantinedAt)
      .purgeAt(purgeAt)
      .components(new ArrayList<>(componentIds))
      .skipConfirmationNotification(skipConfirmationNotification)
      .createdAt(createdAt)
      .state(state)
      .format(format == null ? null : Subscriber.FormatEnum.fromValue(format))
      .incidentId(incidentId)
      .confirmedAt(confirmedAt)
      .unsubscribedAt(unsubscribedAt);
  }
}
