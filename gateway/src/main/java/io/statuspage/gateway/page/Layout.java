package io.statuspage.gateway.page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page chrome shared by every page ({@code layout/page.jte}): GOV.UK Frontend 5.x classes with generic branding
 * (no crown, no GOV.UK logotype, no GDS Transport, no Crown copyright), a skip link, a neutral header, service
 * navigation and a hand-written footer. Works with JavaScript off; {@code /assets/statuspage.js} only enhances.
 *
 * <p>The layout emits exactly two inline things, and {@link #contentSecurityPolicy(PageView)} allows exactly those by
 * hash: GOV.UK's fixed snippet ({@link #INLINE_SCRIPT}) and the brand style ({@link #inlineStyle()}).
 *
 * @param title    the {@code <title>} text
 * @param logoText the header's home-link text
 * @param current  which service-navigation item is this page
 * @param view     freshness and branding
 */
public record Layout(String title, String logoText, Nav current, PageView view) {

  /** Which service-navigation item is the current page. */
  public enum Nav { STATUS, HISTORY, API, SUBSCRIBE, NONE }

  /**
   * The fixed inline snippet from GOV.UK Frontend's page template, written out as it is in {@code layout/page.jte}.
   * Its CSP hash is {@link #INLINE_SCRIPT_CSP_HASH}.
   */
  static final String INLINE_SCRIPT = "document.body.className += ' js-enabled' + ('noModule' in "
      + "HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";
  static final String INLINE_SCRIPT_CSP_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='";

  public Layout {
    view = view == null ? PageView.defaults() : view;
  }

  /** The page's brand colour, a validated {@code #rrggbb}. */
  public String brandColour() {
    return view.brandColour();
  }

  /** The inline style's text, emitted as it is: its hash is in the policy. */
  public String inlineStyle() {
    return inlineStyle(view);
  }

  /** Whether the page says the data may be out of date ({@code <body data-stale="true">}). */
  public boolean stale() {
    return view.stale();
  }

  public boolean isCurrent(Nav item) {
    return current == item;
  }

  /** The deployment's brand colour as custom properties; {@link PageView} guarantees {@code #rrggbb} colours. */
  static String inlineStyle(PageView view) {
    String brand = view.brandColour();
    return ":root{--sp-brand:" + brand + ";--sp-brand-text:" + view.brandTextColour() + ";--govuk-brand-colour:"
        + brand + "}";
  }

  /**
   * A Content-Security-Policy that allows exactly what these pages use: scripts and styles from this origin, the fixed
   * inline snippet and this deployment's inline brand style by hash.
   */
  static String contentSecurityPolicy(PageView view) {
    return "default-src 'none'; script-src 'self' " + INLINE_SCRIPT_CSP_HASH + "; style-src 'self' 'sha256-"
        + sha256Base64(inlineStyle(view)) + "'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";
  }

  private static String sha256Base64(String text) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
