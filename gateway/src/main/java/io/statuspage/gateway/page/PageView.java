package io.statuspage.gateway.page;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to show a summary snapshot: its freshness and the deployment's branding.
 *
 * @param lastRefreshed             when the gateway's snapshot was last refreshed ({@code null}: use the page's
 *                                  {@code updated_at})
 * @param stale                     whether the snapshot may be out of date (the page then says so)
 * @param brandColour               {@code #rrggbb}; {@code null} or blank gives {@link #DEFAULT_BRAND_COLOUR}
 * @param logoText                  text of the header's home link; {@code null} or blank gives the page name
 * @param footerText                optional plain text shown in the footer
 * @param accessibilityStatementUrl optional {@code http(s)://…} or site-relative {@code /…} link for the footer
 * @param zone                      zone for displayed times; {@code null} gives the page's {@code time_zone}
 */
public record PageView(Instant lastRefreshed, boolean stale, String brandColour, String logoText, String footerText,
                       String accessibilityStatementUrl, ZoneId zone) {

  public static final String DEFAULT_BRAND_COLOUR = "#1d70b8";
  private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final Pattern SAFE_URL = Pattern.compile("(?i)(https?://[^\\s]+|/(?!/)[^\\s]*)");

  /**
   * Normalises and validates: the brand colour must be {@code #rrggbb}, the accessibility statement URL must be
   * {@code http(s)} or site-relative.
   *
   * @throws IllegalArgumentException on a malformed colour or URL (a configuration error)
   */
  public PageView {
    if (brandColour == null || brandColour.isBlank()) {
      brandColour = DEFAULT_BRAND_COLOUR;
    } else if (HEX_COLOUR.matcher(brandColour.strip()).matches()) {
      brandColour = brandColour.strip().toLowerCase(Locale.ROOT);
    } else {
      throw new IllegalArgumentException("brand colour must be #rrggbb, got: " + brandColour);
    }
    logoText = blankToNull(logoText);
    footerText = blankToNull(footerText);
    accessibilityStatementUrl = blankToNull(accessibilityStatementUrl);
    if (accessibilityStatementUrl != null && !SAFE_URL.matcher(accessibilityStatementUrl).matches()) {
      throw new IllegalArgumentException("accessibility statement URL must be http(s):// or start with /, got: "
          + accessibilityStatementUrl);
    }
  }

  /** A fresh snapshot with default branding. */
  public static PageView fresh(Instant lastRefreshed) {
    return of(lastRefreshed, false);
  }

  /** Default branding, the given freshness. */
  public static PageView of(Instant lastRefreshed, boolean stale) {
    return new PageView(lastRefreshed, stale, null, null, null, null, null);
  }

  /** Default branding, refreshed now. */
  public static PageView defaults() {
    return fresh(Instant.now());
  }

  public PageView withFreshness(Instant lastRefreshed, boolean stale) {
    return new PageView(lastRefreshed, stale, brandColour, logoText, footerText, accessibilityStatementUrl, zone);
  }

  public PageView withBranding(String brandColour, String logoText, String footerText,
                               String accessibilityStatementUrl) {
    return new PageView(lastRefreshed, stale, brandColour, logoText, footerText, accessibilityStatementUrl, zone);
  }

  public PageView withZone(ZoneId zone) {
    return new PageView(lastRefreshed, stale, brandColour, logoText, footerText, accessibilityStatementUrl, zone);
  }

  /** Text colour for the header: whichever of white or near-black contrasts better with the brand colour. */
  String brandTextColour() {
    double l = luminance(brandColour);
    double onWhite = 1.05 / (l + 0.05);
    double onBlack = (l + 0.05) / (luminance("#0b0c0c") + 0.05);
    return onWhite >= onBlack ? "#ffffff" : "#0b0c0c";
  }

  private static double luminance(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
  }

  private static double channel(int c) {
    double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
