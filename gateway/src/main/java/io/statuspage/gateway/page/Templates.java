package io.statuspage.gateway.page;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.util.Map;

/**
 * The templates of {@code src/main/jte}, compiled by the build (jte-maven-plugin) into {@link #PACKAGE}: rendering
 * needs no compiler and no template files at run time. Output is HTML-escaped unless a template says otherwise.
 */
final class Templates {

  static final String PACKAGE = "io.statuspage.gateway.page.jte";
  private static final TemplateEngine ENGINE = create();

  private Templates() {
  }

  /** Renders a page template whose one parameter is {@code model}. */
  static String render(String name, Object model) {
    StringOutput out = new StringOutput(16384);
    ENGINE.render(name, model, out);
    return out.toString();
  }

  /** Renders a template with named parameters (a part, say); those left out take the template's defaults. */
  static String render(String name, Map<String, Object> params) {
    StringOutput out = new StringOutput(4096);
    ENGINE.render(name, params, out);
    return out.toString();
  }

  /** jte loads precompiled classes through the context class loader; pin it to ours, whatever thread comes first. */
  private static TemplateEngine create() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Templates.class.getClassLoader());
    try {
      return TemplateEngine.createPrecompiled(null, ContentType.Html, null, PACKAGE);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
