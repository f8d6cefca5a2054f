package io.statuspage.notifier;

/**
 * What a subscriber write locks: one subscriber by {@code id} (of page {@code pageId} when given, and of incident
 * {@code incidentId} when given), or, to create one, its {@code address} on the page, so that two requests for the
 * same address make one subscriber.
 */
record SubscriberKey(String pageId, String id, SubscriberRow.Mode mode, String address, String incidentId) {

  static SubscriberKey byId(String pageId, String incidentId, String id) {
    return new SubscriberKey(pageId, id, null, null, incidentId);
  }

  static SubscriberKey byAddress(String pageId, SubscriberRow.Mode mode, String address, String incidentId) {
    return new SubscriberKey(pageId, null, mode, address, incidentId);
  }
}
