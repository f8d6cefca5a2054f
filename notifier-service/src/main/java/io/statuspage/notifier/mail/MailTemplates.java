package io.statuspage.notifier.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The mail templates of {@code src/main/jte}, compiled by the build: {@code html/} with HTML escaping on, {@code text/}
 * as plain text. A template's one parameter is its mail record.
 */
final class MailTemplates {

  private static final TemplateEngine HTML = create(ContentType.Html, "io.statuspage.notifier.mail.jte.html");
  private static final TemplateEngine TEXT = create(ContentType.Plain, "io.statuspage.notifier.mail.jte.text");

  private MailTemplates() {
  }

  static String html(String name, Object mail) {
    StringOutput out = new StringOutput(4096);
    HTML.render(name, mail, out);
    return out.toString();
  }

  static String text(String name, Object mail) {
    StringOutput out = new StringOutput(2048);
    TEXT.render(name, mail, out);
    return out.toString();
  }

  /** jte loads precompiled classes through the context class loader; pin it to ours, whatever thread comes first. */
  private static TemplateEngine create(ContentType type, String packageName) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(MailTemplates.class.getClassLoader());
    try {
      return TemplateEngine.createPrecompiled(null, type, null, packageName);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
