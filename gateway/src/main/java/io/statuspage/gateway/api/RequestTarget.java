package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request target, checked once before routing so that the router, the parameters and any log name the same
 * resource. One rule everywhere: a path is refused (400) when it has a dot segment ({@code .}, {@code ..}, encoded
 * or not), an encoded slash or backslash, a malformed %-escape, bytes that are not UTF-8, or control characters; a
 * query is refused when its escapes or bytes are malformed. What passes needs no normalising beyond decoding.
 */
public final class RequestTarget {

  private RequestTarget() {
  }

  /** The problem with {@code path} and {@code query} (raw, as sent), or null when both are acceptable. */
  public static ServiceError problem(String path, String query) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return ServiceError.badRequest("path", "The request path must start with /");
    }
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = decode(path.substring(start, end), false);
      if (segment == null) {
        return ServiceError.badRequest("path", "The request path has a malformed %-escape or is not UTF-8");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return ServiceError.badRequest("path", "The request path must not contain . or .. segments");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
        return ServiceError.badRequest("path", "The request path must not contain encoded slashes or backslashes");
      }
      if (hasControl(segment)) {
        return ServiceError.badRequest("path", "The request path must not contain control characters");
      }
      start = end + 1;
    }
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
        if (name == null) {
          return ServiceError.badRequest("query", "The query has a malformed %-escape or is not UTF-8");
        }
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
        if (value == null || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
          // Name the parameter, never its value: it may be a key.
          return ServiceError.badRequest(name.isEmpty() || hasControl(name) ? "query" : name,
            "The query parameter has a malformed %-escape, bytes that are not UTF-8 or a NUL character");
        }
      }
    }
    return null;
  }

  /**
   * Percent-decodes a part of the request line as UTF-8 (RFC 3986; with {@code plusIsSpace}, as in a query), or
   * null when an escape is malformed, the bytes are not UTF-8, or a character beyond ASCII came unencoded (Netty
   * hands the request line over byte for byte, so such a character is a raw byte).
   */
  static String decode(String text, boolean plusIsSpace) {
    return decode(text, plusIsSpace, false);
  }

  /** Percent-decodes a form body already read as UTF-8: {@code +} is a space and raw non-ASCII text is allowed. */
  static String decodeForm(String text) {
    return decode(text, true, true);
  }

  private static String decode(String text, boolean plusIsSpace, boolean rawText) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0 && (rawText || isAscii(text))) {
      return text;
    }
    byte[] bytes = new byte[text.length() * 4];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes[n++] = ' ';
      } else if (c <= 0x7f) {
        bytes[n++] = (byte) c;
      } else if (!rawText) {
        return null;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
        byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(encoded, 0, bytes, n, encoded.length);
        n += encoded.length;
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, 0, n))
        .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
