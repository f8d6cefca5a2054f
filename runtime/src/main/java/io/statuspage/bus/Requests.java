package io.statuspage.bus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a service request: the JSON of the contract's request body with the path and query parameters beside it,
 * under their contract names ({@code page_id}, {@code per_page}). The gateway has validated it against the contract;
 * callers that bypass the gateway have not, so a value that does not fit the model is a 400 naming the field, the
 * same for every service, never a 500.
 */
public final class Requests {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final ObjectMapper MAPPER;

  static {
    Json.configure();
    MAPPER = DatabindCodec.mapper().copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .registerModule(new SimpleModule("statuspage-requests").addDeserializer(URI.class, new UriDeserializer()));
    // As the contract types them: no "5" for 5, 5 for "5" or "true" for true.
    MAPPER.coercionConfigDefaults()
      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
      .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    // JSON has one number type: 5 is a valid "number" (a metric's value), only not an integer from 5.5.
    MAPPER.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
  }

  private Requests() {
  }

  /**
   * The request read into the contract's model {@code type}: its keys that the model does not have (the parameters)
   * are left out. The model cannot tell an absent field from an explicit null; the request's keys can.
   *
   * @throws ServiceError 400 naming the first field that does not fit ({@code component.status}); 422 for a
   *                      well-formed date that names no day ({@code 2024-02-30}), which the contract cannot say
   */
  public static <T> T read(JsonObject request, Class<T> type) {
    try {
      return MAPPER.convertValue(request.getMap(), type);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException misfit) {
        throw misfit(misfit);
      }
      throw e;
    }
  }

  /** The parameter {@code name}, a path parameter such as {@code page_id}: a non-blank string, else a 400. */
  public static String parameter(JsonObject request, String name) {
    return required(optionalParameter(request, name), name);
  }

  /** The string parameter {@code name}; null when absent or blank. */
  public static String optionalParameter(JsonObject request, String name) {
    Object value = request.getValue(name);
    if (value != null && !(value instanceof String)) {
      throw ServiceError.badRequest(name, name + " must be a string");
    }
    return value == null || ((String) value).isBlank() ? null : (String) value;
  }

  /** {@code value}, unless it is null (or an empty collection): then a 400 saying {@code field} is required. */
  public static <T> T required(T value, String field) {
    if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
      throw ServiceError.badRequest(field, field + " is required");
    }
    return value;
  }

  /** What a Jackson mapping failure means to the caller, in one place for every service. */
  static ServiceError misfit(JsonMappingException e) {
    String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName).filter(Objects::nonNull)
      .collect(Collectors.joining("."));
    if (field.isEmpty()) {
      field = "body";
    }
    if (e instanceof InvalidFormatException format && format.getTargetType() == LocalDate.class
      && format.getValue() instanceof String text && DATE.matcher(text).matches()) {
      return ServiceError.unprocessable(field, field + " is not a valid date (YYYY-MM-DD): " + text);
    }
    String expected = expected(targetType(e));
    return ServiceError.badRequest(field,
      field + (expected == null ? " does not fit the contract" : " must be " + expected));
  }

  private static Class<?> targetType(JsonMappingException e) {
    if (e instanceof MismatchedInputException mismatch) {
      return mismatch.getTargetType();
    }
    if (e instanceof ValueInstantiationException instantiation) {
      return instantiation.getType().getRawClass();
    }
    // A number out of an int's range is the parser's failure, wrapped with the path.
    return e.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
  }

  /** Jackson's own reads any scalar as a URI's text: {@code false} would become the relative URI "false". */
  private static final class UriDeserializer extends StdScalarDeserializer<URI> {

    UriDeserializer() {
      super(URI.class);
    }

    @Override
    public URI deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (URI) ctxt.handleUnexpectedToken(URI.class, p);
      }
      try {
        return new URI(p.getText());
      } catch (URISyntaxException e) {
        return (URI) ctxt.handleWeirdStringValue(URI.class, p.getText(), e.getMessage());
      }
    }
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return null;
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == URI.class) {
      return "a URI";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == LocalDate.class) {
      return "a date (YYYY-MM-DD)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
