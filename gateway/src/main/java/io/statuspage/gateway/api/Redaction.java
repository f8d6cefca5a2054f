package io.statuspage.gateway.api;

import java.util.regex.Pattern;

/** Request targets as they may be logged: a query value that is, or looks like, a key is masked. */
final class Redaction {

  static final String MASK = "****";
  // Long unbroken tokens are how keys look (ours are "sp_" and 40 base-36 characters); ordinary values are shorter.
  private static final Pattern KEY_LIKE = Pattern.compile("(?i)(sp_)?[a-z0-9_\\-.~%]{20,}");
  private static final Pattern KEY_NAME = Pattern.compile("(?i).*(key|token|secret|password|auth).*");

  private Redaction() {
  }

  /** {@code /v1/pages?api_key=sp_abc} → {@code /v1/pages?api_key=****}; the path is kept. */
  static String target(String uri) {
    if (uri == null) {
      return null;
    }
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
    String[] pairs = uri.substring(q + 1).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = pairs[i].indexOf('=');
      String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
      String value = eq < 0 ? null : pairs[i].substring(eq + 1);
      out.append(KEY_LIKE.matcher(name).matches() ? MASK : name);
      if (value != null) {
        out.append('=').append(KEY_NAME.matcher(name).matches() || KEY_LIKE.matcher(value).matches() ? MASK : value);
      }
    }
    return out.toString();
  }
}
