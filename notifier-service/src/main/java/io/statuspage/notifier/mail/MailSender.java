package io.statuspage.notifier.mail;

import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;

import java.time.Duration;
import java.util.Locale;

/**
 * Sends mails through the configured SMTP server with the Vert.x Mail Client, over a pool of kept-alive connections.
 * An attempt ends accepted (2xx), refused for good (a 5xx reply), or failed for now (a 4xx reply, no connection, a
 * timeout), which is tried again.
 */
public final class MailSender {

  /** The {@code mail.*} settings. */
  public record Settings(String host, int port, String from, String username, String password, String starttls,
                         int poolSize, Duration timeout) {
  }

  /** How one attempt went: the SMTP reply code (0 when there was none), and the error if it was not accepted. */
  public record Attempt(int code, String error, boolean permanent) {

    public boolean accepted() {
      return error == null;
    }
  }

  private final MailClient client;
  private final Duration timeout;

  private MailSender(MailClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  public static MailSender create(Vertx vertx, Settings settings) {
    MailConfig config = new MailConfig()
      .setHostname(settings.host())
      .setPort(settings.port())
      .setStarttls(starttls(settings.starttls()))
      .setLogin(settings.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
      .setUsername(settings.username())
      .setPassword(settings.password())
      .setKeepAlive(true)
      .setMaxPoolSize(settings.poolSize())
      .setPipelining(true)
      .setUserAgent("statuspage");
    config.setConnectTimeout((int) Math.min(settings.timeout().toMillis(), 10_000));
    config.setIdleTimeout((int) settings.timeout().toSeconds());
    return new MailSender(MailClient.create(vertx, config), settings.timeout());
  }

  /** {@code off}, {@code optional} or {@code required}. */
  public static StartTLSOptions starttls(String value) {
    return switch (value == null ? "optional" : value.toLowerCase(Locale.ROOT)) {
      case "off" -> StartTLSOptions.DISABLED;
      case "optional" -> StartTLSOptions.OPTIONAL;
      case "required" -> StartTLSOptions.REQUIRED;
      default -> throw new IllegalArgumentException(
        "Configuration mail.starttls must be off, optional or required, not " + value);
    };
  }

  /** Sends {@code message}; never fails, the outcome is in the attempt. */
  public Future<Attempt> send(MailMessage message) {
    return client.sendMail(message)
      .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
      .map(result -> new Attempt(250, null, false))
      .otherwise(MailSender::failed);
  }

  private static Attempt failed(Throwable e) {
    if (e instanceof SMTPException smtp) {
      return new Attempt(smtp.getReplyCode(), truncate(smtp.getReplyCode() + " " + smtp.getReplyMessage()),
        smtp.isPermanent());
    }
    return new Attempt(0, truncate(Outage.reason(e)), false);
  }

  private static String truncate(String text) {
    String t = text == null ? "failed" : text;
    return t.length() > 500 ? t.substring(0, 500) : t;
  }

  public Future<Void> close() {
    return client.close();
  }
}
