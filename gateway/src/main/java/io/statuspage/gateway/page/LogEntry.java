package io.statuspage.gateway.page;

/**
 * One incident or maintenance in the incident log or the history ({@code parts/logEntry.jte}).
 *
 * @param name   its name
 * @param href   its page, or {@code null} when its id cannot be a path
 * @param impact its impact, or {@code null}
 * @param status its status in words, or {@code null}
 * @param at     when it started (a maintenance: when it was scheduled to), or {@code null}
 * @param latest the newest update's status and time ("Resolved – 18 November 2026 15:00 UTC"), or {@code null}
 */
public record LogEntry(String name, String href, EventView.Impact impact, String status, TimeView at,
                       EventView.Update latest) {
}
