package io.statuspage.gateway.page;

/**
 * The page chrome shared by the status page and the API docs: GOV.UK Frontend 5.x classes with generic branding (no
 * crown, no GOV.UK logotype, no GDS Transport, no Crown copyright), a skip link, a neutral header, service navigation and
 * a hand-written footer. Works with JavaScript off; {@code /assets/statuspage.js} only enhances.
 */
final class Layout {

  /**
   * The fixed inline snippet from GOV.UK Frontend's page template. Its CSP hash is {@link #INLINE_SCRIPT_CSP_HASH}.
   */
  static final String INLINE_SCRIPT = "document.body.className += ' js-enabled' + ('noModule' in "
      + "HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";
  static final String INLINE_SCRIPT_CSP_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='";

  /** The deployment's brand colour as custom properties; {@link PageView} guarantees {@code #rrggbb}. */
  static String inlineStyle(PageView view) {
    String brand = Html.esc(view.brandColour());
    return ":root{--sp-brand:" + brand + ";--sp-brand-text:" + Html.esc(view.brandTextColour())
        + ";--govuk-brand-colour:" + brand + "}";
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
      return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Which service-navigation item is the current page. */
  enum Nav { STATUS, API, SUBSCRIBE, NONE }

  private Layout() {
  }

  /**
   * A whole HTML document.
   *
   * @param title     the {@code <title>} text (escaped here)
   * @param logoText  the header's home-link text (escaped here)
   * @param bodyAttrs extra, already-safe attributes for {@code <body>} (e.g. {@code  data-stale="true"}), or ""
   * @param main      the already-escaped inner HTML of {@code <main>}
   */
  static String document(String title, PageView view, String logoText, Nav active, String bodyAttrs, String main) {
    String brand = view.brandColour(); // validated #rrggbb by PageView
    StringBuilder h = new StringBuilder(8192 + main.length());
    h.append("""
        <!DOCTYPE html>
        <html lang="en" class="govuk-template">
        <head>
        <meta charset="utf-8">
        <title>""").append(Html.esc(title)).append("""
        </title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
        <meta name="theme-color" content=\"""").append(Html.esc(brand)).append("""
        ">
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/assets/govuk-frontend.min.css">
        <link rel="stylesheet" href="/assets/statuspage.css">
        <link rel="modulepreload" href="/assets/govuk-frontend.min.js">
        <style>""").append(inlineStyle(view)).append("""
        </style>
        </head>
        <body class="govuk-template__body\"""").append(bodyAttrs).append(">\n<script>").append(INLINE_SCRIPT)
        .append("""
        </script>
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
        <header class="govuk-header sp-header">
          <div class="govuk-header__container govuk-width-container">
            <div class="govuk-header__logo sp-header__logo">
              <a href="/" class="govuk-header__link govuk-header__link--homepage sp-header__link">\
        <span class="sp-header__name">""").append(Html.esc(logoText)).append("""
        </span></a>
            </div>
          </div>
        </header>
        <div class="govuk-service-navigation" data-module="govuk-service-navigation">
          <div class="govuk-width-container">
            <div class="govuk-service-navigation__container">
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" \
        aria-controls="navigation" hidden aria-hidden="true">Menu</button>
                <ul class="govuk-service-navigation__list" id="navigation">
        """);
    navItem(h, "/", "Current status", active == Nav.STATUS);
    navItem(h, "/docs", "API", active == Nav.API);
    navItem(h, "/subscribe", "Subscribe", active == Nav.SUBSCRIBE);
    h.append("""
                </ul>
              </nav>
            </div>
          </div>
        </div>
        <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
        """);
    h.append(main);
    h.append("""
        </main>
        </div>
        """);
    footer(h, view);
    h.append("""
        <script type="module" src="/assets/statuspage.js"></script>
        </body>
        </html>
        """);
    return h.toString();
  }

  private static void navItem(StringBuilder h, String href, String text, boolean current) {
    if (current) {
      h.append("          <li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">")
          .append("<a class=\"govuk-service-navigation__link\" href=\"").append(Html.esc(href))
          .append("\" aria-current=\"page\"><strong class=\"govuk-service-navigation__active-fallback\">")
          .append(Html.esc(text)).append("</strong></a></li>\n");
    } else {
      h.append("          <li class=\"govuk-service-navigation__item\">")
          .append("<a class=\"govuk-service-navigation__link\" href=\"").append(Html.esc(href)).append("\">")
          .append(Html.esc(text)).append("</a></li>\n");
    }
  }

  private static void footer(StringBuilder h, PageView view) {
    h.append("""
        <footer class="govuk-footer sp-footer">
          <div class="govuk-width-container">
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">Support links</h2>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/docs">API \
        documentation</a></li>
                  <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" \
        href="/api/v2/summary.json">Status as JSON</a></li>
        """);
    if (view.accessibilityStatementUrl() != null) {
      h.append("          <li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"")
          .append(Html.esc(view.accessibilityStatementUrl())).append("\">Accessibility statement</a></li>\n");
    }
    h.append("        </ul>\n");
    if (view.footerText() != null) {
      h.append("        <div class=\"govuk-footer__meta-custom sp-footer__text\">")
          .append(Html.esc(view.footerText())).append("</div>\n");
    }
    h.append("""
              </div>
              <div class="govuk-footer__meta-item sp-footer__powered">Powered by statuspage</div>
            </div>
          </div>
        </footer>
        """);
  }
}
