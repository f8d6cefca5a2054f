package io.statuspage.component;

import io.statuspage.api.model.Page;
import io.statuspage.api.model.PageSummary;
import io.statuspage.runtime.Json;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A row of {@code page}. */
record PageRow(String id, String name, String pageDescription, String url, String timeZone,
               OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** This page with the given fields replaced (null keeps one); itself when nothing changes. */
  PageRow edit(String newName, boolean hasDescription, String newDescription, String newUrl, String newTimeZone,
               OffsetDateTime now) {
    PageRow edited = new PageRow(id, newName != null ? newName : name,
      hasDescription ? newDescription : pageDescription, newUrl != null ? newUrl : url,
      newTimeZone != null ? newTimeZone : timeZone, createdAt, updatedAt);
    return edited.equals(this) ? this
      : new PageRow(id, edited.name, edited.pageDescription, edited.url, edited.timeZone, createdAt, now);
  }

  /** The management API's {@code Page}, its times in its own zone. */
  Page view() {
    ZoneId zone = zone();
    return new Page()
      .id(id)
      .name(name)
      .pageDescription(pageDescription)
      .url(url)
      .timeZone(timeZone)
      .createdAt(Json.inZone(createdAt, zone))
      .updatedAt(Json.inZone(updatedAt, zone));
  }

  /** The public API's {@code PageSummary}; {@code lastUpdate} is the latest change to the page or its components. */
  PageSummary summary(OffsetDateTime lastUpdate) {
    return new PageSummary()
      .id(id)
      .name(name)
      .url(url)
      .timeZone(timeZone)
      .updatedAt(Json.inZone(lastUpdate, zone()));
  }
}
