package io.statuspage.gateway.page;

/**
 * A time as a page shows it ({@code parts/time.jte}).
 *
 * @param datetime the instant in ISO-8601 for {@code <time datetime>}, or {@code null} when the value was unreadable
 * @param text     what people read: "18 November 2026 14:00 UTC", or the unreadable value as it came
 */
public record TimeView(String datetime, String text) {
}
