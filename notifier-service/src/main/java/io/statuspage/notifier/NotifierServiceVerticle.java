package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.notifier.delivery.WebhookSender;
import io.statuspage.notifier.mail.MailSender;
import io.statuspage.notifier.mail.Mails;
import io.statuspage.notifier.webhook.WebhookTargets;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * notifier-service: schema {@code notifier}; answers the subscriber actions of {@link Services.Notifier} and takes
 * the events the component and incident outboxes deliver to {@link Services.Notifier#INBOX}, each once, recording it
 * in {@code received_event}, together with one delivery per subscriber the event reaches ({@link FanOut}), which
 * {@link DeliveryWorker} sends.
 */
public final class NotifierServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierServiceVerticle.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
  /** As Statuspage: a webhook has 30 s to answer. */
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
  /** A configured token key shorter than this is refused: it would be guessable. */
  static final int MIN_TOKEN_KEY = 32;

  private final Clock clock;

  public NotifierServiceVerticle(Config config, Health health, Clock clock) {
    super(config, health, Spec.of("notifier-service", "notifier", Services.Notifier.ADDRESS)
      .withOutbox(Services.Notifier.EVENTS));
    this.clock = clock;
  }

  @Override
  protected Future<?> wire() {
    SubscriberRepository repository = new SubscriberRepository();
    boolean allowPrivate = configuration().getBoolean("webhook.allow.private", false);
    WebhookTargets targets = WebhookTargets.create(vertx, allowPrivate, "subscriber.endpoint");
    DeliveryRepository deliveries = new DeliveryRepository();
    DeliveryWorker.Options options = deliveryOptions();
    WebhookSender sender = WebhookSender.create(vertx, WebhookTargets.create(vertx, allowPrivate, "endpoint"), clock,
      options.timeout(), options.concurrency());
    SentMarks marks = new SentMarks(vertx, pool(), deliveries);
    Pages pages = new Pages(vertx);
    MailSender.Settings mail = mailSettings();
    // Without an SMTP server the mails wait in their rows (pending) until a notifier with one starts.
    MailSender mailSender = mail.host() == null ? null : MailSender.create(vertx, mail);
    if (mailSender == null) {
      LOG.info("No mail server configured (mail.host): mails are kept queued until one is");
    }
    List<DeliveryWorker> workers = new CopyOnWriteArrayList<>();
    String pageUrl = configuration().get("page.url", "http://localhost:" + configuration().getInt("http.port", 8080));
    periodic(options.poll(), id -> workers.forEach(DeliveryWorker::pass));
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not prune handled requests: {}", Outage.reason(e))));
    periodic(PRUNE_INTERVAL, id -> deliveries.purge(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not purge quarantined subscribers: {}", Outage.reason(e))));
    // Finished deliveries are the subscribers' delivery logs: kept delivery.retention, then removed.
    Duration retention = configuration().getDuration("delivery.retention", Duration.ofDays(30));
    periodic(configuration().getDuration("delivery.prune.interval", PRUNE_INTERVAL), id -> deliveries
      .prune(pool(), Writer.now(clock).minus(retention))
      .onFailure(e -> LOG.warn("Could not prune old deliveries: {}", Outage.reason(e))));
    onStop(() -> {
      workers.forEach(DeliveryWorker::stop);
      sender.close();
      return mailSender == null ? Future.succeededFuture() : mailSender.close();
    });
    return tokenKey(repository).map(key -> {
      Tokens tokens = Tokens.create(key, clock);
      FanOut fanOut = new FanOut(deliveries, clock, pages, pageUrl);
      workers.add(new DeliveryWorker(vertx, pool(), deliveries,
        new WebhookChannel(pool(), deliveries, marks, sender, tokens, clock), clock, options));
      // The deliveries are written in the transaction that records the event; the kick finds them after the commit
      // (or the next poll does). Registered here, before wire() completes: the consumers start after it.
      consumePrepared(Services.Notifier.INBOX, event -> fanOut.prepare(event).map(effect -> (tx, e) -> effect
        .apply(tx, e).onSuccess(n -> {
          if (n > 0) {
            vertx.setTimer(20, t -> workers.forEach(DeliveryWorker::kick));
          }
        })));
      if (mailSender != null) {
        Mails.Page fallback = new Mails.Page(configuration().get("page.name", "Platform"), pageUrl);
        EmailChannel channel = new EmailChannel(pool(), deliveries, marks, mailSender,
          Mails.create(tokens, mail.from()), pages, fallback, clock);
        DeliveryWorker mailer = new DeliveryWorker(vertx, pool(), deliveries, channel, clock, mailOptions(options,
          mail));
        workers.add(mailer);
        mailer.kick();
      }
      SubscriberService service = new SubscriberService(repository, pool(), outbox(), clock, pages,
        targets, tokens, deliveries);
      endpoint()
        .on(Services.Notifier.LIST, r -> service.list(r.body()))
        .on(Services.Notifier.COUNT, r -> service.count(r.body()))
        .on(Services.Notifier.CREATE, r -> kick(workers, service.create(r.body(), r.requestId())))
        .on(Services.Notifier.GET, r -> service.get(r.body()))
        .on(Services.Notifier.UPDATE, r -> service.update(r.body()))
        .on(Services.Notifier.DELETE, r -> service.delete(r.body()))
        .on(Services.Notifier.RESEND_CONFIRMATION, r -> kick(workers, service.resendConfirmation(r.body(),
          r.requestId())))
        .on(Services.Notifier.REACTIVATE, r -> service.reactivate(r.body(), r.requestId()))
        .on(Services.Notifier.DELIVERIES, r -> service.deliveries(r.body()))
        .on(Services.Notifier.INCIDENT_LIST, r -> service.listIncident(r.body()))
        .on(Services.Notifier.INCIDENT_CREATE, r -> kick(workers, service.createIncident(r.body(),
          r.requestId())))
        .on(Services.Notifier.INCIDENT_GET, r -> service.getIncident(r.body()))
        .on(Services.Notifier.INCIDENT_DELETE, r -> service.deleteIncident(r.body()))
        .on(Services.Notifier.CONFIRM, r -> service.confirm(r.body()))
        .on(Services.Notifier.UNSUBSCRIBE, r -> service.unsubscribe(r.body()))
        .on(Services.Notifier.MANAGE_GET, r -> service.manage(r.body()))
        .on(Services.Notifier.MANAGE_UPDATE, r -> service.manageUpdate(r.body()));
      return service;
    });
  }

  /** {@code webhook.*}: concurrency overall and per endpoint, timeout (30 s at most), poll, backoff, quarantine. */
  private DeliveryWorker.Options deliveryOptions() {
    Config c = configuration();
    Duration timeout = c.getDuration("webhook.timeout", MAX_TIMEOUT);
    if (timeout.compareTo(MAX_TIMEOUT) > 0 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Configuration webhook.timeout must be more than 0 and at most 30s");
    }
    return new DeliveryWorker.Options(c.getInt("webhook.concurrency", 64), c.getInt("webhook.per.endpoint", 4),
      timeout, c.getDuration("webhook.poll", Duration.ofSeconds(1)),
      c.getDuration("webhook.retry.initial", Duration.ofSeconds(15)),
      c.getDuration("webhook.retry.max", Duration.ofMinutes(15)), c.getInt("webhook.quarantine.after", 10),
      c.getDuration("webhook.quarantine.span", Duration.ofHours(1)));
  }

  /** After a write that may have queued a confirmation mail: the workers look now, not at the next poll. */
  private <T> Future<T> kick(List<DeliveryWorker> workers, Future<T> written) {
    return written.onSuccess(v -> vertx.setTimer(20, t -> workers.forEach(DeliveryWorker::kick)));
  }

  /** {@code mail.*}; no {@code mail.host}, no mail server. */
  private MailSender.Settings mailSettings() {
    Config c = configuration();
    String host = c.get("mail.host").filter(h -> !h.isBlank()).orElse(null);
    String starttls = c.get("mail.starttls", "optional");
    MailSender.starttls(starttls);
    String username = c.get("mail.username").filter(u -> !u.isBlank()).orElse(null);
    return new MailSender.Settings(host, c.getInt("mail.port", 25), c.get("mail.from", "statuspage@localhost"),
      username, c.get("mail.password").orElse(null), starttls, c.getInt("mail.pool.size", 8),
      c.getDuration("mail.timeout", MAX_TIMEOUT));
  }

  /**
   * The email worker's: as many sends in flight as pooled connections can carry (a few queued per connection keep
   * them busy), any number to one subscriber, the mail timeout, the webhooks' poll and backoff, no quarantine.
   */
  private static DeliveryWorker.Options mailOptions(DeliveryWorker.Options webhooks, MailSender.Settings mail) {
    int concurrency = mail.poolSize() * 4;
    return new DeliveryWorker.Options(concurrency, concurrency, mail.timeout(), webhooks.poll(),
      webhooks.retryInitial(), webhooks.retryMax(), Integer.MAX_VALUE, webhooks.quarantineSpan());
  }

  /** {@code notifier.token.key}, or the key in the schema, made by the first instance to start. */
  private Future<byte[]> tokenKey(SubscriberRepository repository) {
    String configured = configuration().get("notifier.token.key").orElse(null);
    if (configured != null) {
      if (configured.length() < MIN_TOKEN_KEY) {
        return Future.failedFuture(new IllegalArgumentException(
          "Configuration notifier.token.key must be at least " + MIN_TOKEN_KEY + " characters"));
      }
      return Future.succeededFuture(configured.getBytes(StandardCharsets.UTF_8));
    }
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    return repository.tokenKey(pool(), candidate);
  }
}
