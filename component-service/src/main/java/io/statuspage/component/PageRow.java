package io.statuspage.component;

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
}
