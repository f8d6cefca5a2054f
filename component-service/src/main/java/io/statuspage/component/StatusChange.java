package io.statuspage.component;

import java.time.OffsetDateTime;

/** A row of {@code component_status_change}; {@code id} is null until stored. */
record StatusChange(Long id, String pageId, String componentId, Status oldStatus, Status newStatus,
                    OffsetDateTime changedAt, String actor) {
}
