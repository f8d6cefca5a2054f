package io.statuspage.uptime.pingdom;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of Pingdom's request windows as a header states it: {@code Req-Limit-Short: Remaining: 394 Time until reset:
 * 3589}. Parsed leniently (older wording says {@code Time left}); what cannot be parsed is unknown, never an error.
 */
record RateLimit(long remaining, Instant resetAt) {

  private static final Pattern FORM = Pattern.compile("Remaining:\\s*(\\d+)\\s*Time (?:until reset|left):\\s*(\\d+)",
    Pattern.CASE_INSENSITIVE);

  /** The window a header value states, seen at {@code now}; null when absent or unreadable. */
  static RateLimit parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    Matcher m = FORM.matcher(header);
    if (!m.find()) {
      return null;
    }
    try {
      return new RateLimit(Long.parseLong(m.group(1)), now.plusSeconds(Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
