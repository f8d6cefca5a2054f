package io.statuspage.notifier;

import java.time.OffsetDateTime;

/**
 * One subscriber loaded in a transaction (locked), or the place for a new one when none has the address yet, and
 * edited in memory; the repository writes the difference and the confirmation mail it asks for.
 */
final class SubscriberDraft {

  private final SubscriberRow before;
  private final OffsetDateTime now;
  private SubscriberRow row;
  private boolean confirmationRequested;

  SubscriberDraft(SubscriberRow before, OffsetDateTime now) {
    this.before = before;
    this.row = before;
    this.now = now;
  }

  /** The subscriber as it stands; null while there is none with the address. */
  SubscriberRow row() {
    return row;
  }

  void row(SubscriberRow edited) {
    row = edited;
  }

  OffsetDateTime now() {
    return now;
  }

  /** Asks for a confirmation mail to be sent (by the delivery part) once this commits. */
  void requestConfirmation() {
    confirmationRequested = true;
  }

  boolean confirmationRequested() {
    return confirmationRequested;
  }

  /** The row to insert: a new subscriber. */
  SubscriberRow inserted() {
    return before == null ? row : null;
  }

  /** The row to update: one that changed. */
  SubscriberRow updated() {
    return before != null && !before.equals(row) ? row : null;
  }

  boolean isEmpty() {
    return inserted() == null && updated() == null && !confirmationRequested;
  }
}
