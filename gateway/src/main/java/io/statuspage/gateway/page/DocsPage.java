package io.statuspage.gateway.page;

import java.util.List;
import java.util.Locale;

/**
 * What the API docs page shows ({@code docs/page.jte}), read from the contract by {@link ApiDocs}. Texts named
 * "description" or "summary" are the contract's Markdown.
 *
 * @param layout          the chrome
 * @param title           the API's title
 * @param version         its version, or {@code null}
 * @param summary         a one-line summary, or {@code null}
 * @param description     the long description, or {@code null}
 * @param openapiVersion  the OpenAPI version the contract is written in
 * @param licence         the licence's name, or {@code null}
 * @param authentication  how to authenticate
 * @param tags            operations grouped by their first tag, in the contract's tag order
 * @param schemas         the named schemas
 */
public record DocsPage(Layout layout, String title, String version, String summary, String description,
                       String openapiVersion, String licence, Authentication authentication, List<Tag> tags,
                       List<NamedSchema> schemas) {

  /**
   * @param described whether the contract describes any security scheme
   * @param defaults  the schemes an operation needs unless it says otherwise (any one of them); empty when public
   * @param schemes   each scheme: its name, how it is sent, its description
   */
  public record Authentication(boolean described, List<String> defaults, List<Scheme> schemes) {
  }

  public record Scheme(String name, Inline how, String description) {
  }

  public record Tag(String id, String title, String description, List<Operation> operations) {
  }

  /**
   * @param anchor      the id of its heading, unique on the page
   * @param method      lower case: {@code get}
   * @param security    the schemes it needs (any one of them); empty when it needs none
   * @param parameters  path-level and its own, its own winning
   * @param requestBody its body, or {@code null}
   * @param responses   by status code, in the contract's order
   */
  public record Operation(String anchor, String method, String path, String summary, String description,
                          String operationId, List<String> security, boolean deprecated, List<Parameter> parameters,
                          RequestBody requestBody, List<Response> responses) {

    public String methodUpper() {
      return method.toUpperCase(Locale.ROOT);
    }

    /** How its tables' regions are named: unique on the page, unlike their captions. */
    public String regionLabel(String caption) {
      return caption + " of " + methodUpper() + " " + path;
    }
  }

  public record Parameter(String name, String in, boolean required, Inline type, Details details) {
  }

  /**
   * @param mediaTypes every media type it may be sent as, as published
   * @param type       the first media type's schema, or empty
   * @param fields     the first media type's fields
   */
  public record RequestBody(boolean required, List<String> mediaTypes, Inline type, String description,
                            List<Field> fields) {
  }

  /**
   * @param bodies  each media type with its schema
   * @param headers names of the headers it carries
   */
  public record Response(String code, String description, List<Body> bodies, List<String> headers) {
  }

  /** A media type and its schema (empty when it has none). */
  public record Body(String mediaType, Inline type) {
  }

  /**
   * One row of a fields table.
   *
   * @param name dotted for nested fields: {@code component.name}, {@code items[].id}
   */
  public record Field(String name, Inline type, boolean required, Details details) {

    /** The name in pieces, so that a narrow column may break it after each dot. */
    public List<String> nameParts() {
      return List.of(name.split("(?<=\\.)"));
    }
  }

  /** A description (Markdown, or {@code null}) and constraints in words. */
  public record Details(String description, Inline constraints) {
  }

  /**
   * @param fields its fields when it is an object; else empty, and {@code type} and {@code details} say what it is
   */
  public record NamedSchema(String id, String name, String description, List<Field> fields, Inline type,
                            Details details) {
  }
}
