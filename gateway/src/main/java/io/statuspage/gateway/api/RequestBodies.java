package io.statuspage.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statuspage.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * What a request body means, read strictly: JSON as RFC 8259 has it (no comments, no trailing text, no duplicate
 * names, UTF-8 only) or a Rails-style form, each turned into the one JSON text the contract validates. Media types
 * and their parameters are matched case-insensitively, as HTTP has them; anything but one of the two types, or a
 * charset other than UTF-8, is a 415. Vert.x's own JSON reader accepts comments, so it only ever sees what passed
 * here.
 */
final class RequestBodies {

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  // Deeper than any body of the contract, shallow enough for every validator behind it.
  private static final int MAX_DEPTH = 32;
  private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    .build();

  private final FormBodies forms;

  RequestBodies(JsonObject document) {
    this.forms = new FormBodies(document);
  }

  /**
   * The body as JSON text, or null when there is none.
   *
   * @param contentType the Content-Type header as sent
   * @param raw         the bytes as read
   * @param schema      the operation's body schema, to type form values
   */
  Buffer toJson(String contentType, Buffer raw, JsonObject schema) {
    if (raw == null || raw.length() == 0) {
      return null;
    }
    String type = mediaType(contentType);
    String text = utf8(raw);
    if (type.equals(FORM)) {
      JsonObject json = forms.toJson(text, schema);
      checkText("", json);
      return json.toBuffer();
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw ServiceError.badRequest("body", "The request body is not valid JSON" + where + ": "
        + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return null;
    }
    checkText("", node);
    return Buffer.buffer(node.toString());
  }

  /**
   * {@code application/json} or the form type, from a Content-Type header: one media type, compared without case,
   * with no charset or UTF-8.
   */
  static String mediaType(String header) {
    if (header == null || header.isBlank()) {
      throw unsupported("Send a Content-Type: application/json (or application/x-www-form-urlencoded)");
    }
    String[] parts = header.split(";", -1);
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals(JSON) && !type.equals(FORM)) {
      throw unsupported("Content-Type must be application/json or application/x-www-form-urlencoded, not "
        + printable(parts[0].strip()));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      String name = parameter[0].strip().toLowerCase(Locale.ROOT);
      if (name.equals("charset")) {
        String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          throw unsupported("The body must be UTF-8, not " + printable(charset));
        }
      }
    }
    return type;
  }

  /** The bytes as UTF-8; anything else is a 400, never a silent U+FFFD. */
  private static String utf8(Buffer raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(raw.getBytes()))
        .toString();
    } catch (CharacterCodingException e) {
      throw ServiceError.badRequest("body", "The request body is not valid UTF-8");
    }
  }

  /**
   * JSON may escape what no text column can keep: NUL (PostgreSQL refuses it) and a lone surrogate (no UTF-8 for
   * it). Named here, before anything is stored.
   */
  private static void checkText(String path, Object value) {
    if (value instanceof JsonNode node) {
      if (node.isTextual()) {
        checkString(path, node.textValue());
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          checkString(path, field.getKey());
          checkText(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue());
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          checkText(path + "[" + i + "]", node.get(i));
        }
      }
    } else if (value instanceof JsonObject object) {
      object.forEach(e -> checkText(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
    } else if (value instanceof io.vertx.core.json.JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkText(path + "[" + i + "]", array.getValue(i));
      }
    } else if (value instanceof String text) {
      checkString(path, text);
    }
  }

  private static void checkString(String path, String text) {
    String field = path.isEmpty() ? "body" : path;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        throw ServiceError.badRequest(field, field + " must not contain the NUL character");
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ServiceError.badRequest(field, field + " has an unpaired UTF-16 surrogate escape");
      }
    }
  }

  private static ServiceError unsupported(String detail) {
    return new ServiceError(415, "Unsupported Media Type", detail, "Content-Type");
  }

  /** A header value shown back to the client, cut short and without control characters. */
  private static String printable(String value) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
