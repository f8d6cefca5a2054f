package io.statuspage.notifier;

import io.statuspage.notifier.mail.MailSender;
import io.statuspage.notifier.mail.Mails;
import io.statuspage.runtime.Outage;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Email deliveries: incident and maintenance news to confirmed subscribers, the double opt-in mail to unconfirmed ones
 * (nothing else reaches them), and the notice to a quarantined webhook's contact. The mail is made now
 * ({@link Mails}), with links to the page's current address (component-service's page, kept a minute; the configured
 * {@code page.url} while component-service does not answer). A 5xx reply stops the row; anything else is tried again
 * after the backoff.
 */
final class EmailChannel implements DeliveryWorker.Channel {

  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
  private static final Duration PAGE_FRESH = Duration.ofMinutes(1);

  private record CachedPage(Mails.Page page, Instant until) {
  }

  private final Pool pool;
  private final DeliveryRepository repository;
  private final SentMarks marks;
  private final MailSender sender;
  private final Mails mails;
  private final Pages pages;
  private final Mails.Page fallback;
  private final Clock clock;
  private final Map<String, CachedPage> cache = new ConcurrentHashMap<>();
  private final Outage pageLookup = Outage.of("The page's address for mail links (component-service)", LOG);

  EmailChannel(Pool pool, DeliveryRepository repository, SentMarks marks, MailSender sender, Mails mails,
               Pages pages, Mails.Page fallback, Clock clock) {
    this.pool = pool;
    this.marks = marks;
    this.repository = repository;
    this.sender = sender;
    this.mails = mails;
    this.pages = pages;
    this.fallback = fallback;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public Future<?> deliver(DeliveryRepository.Claimed d, UUID lease, DeliveryWorker.Options options) {
    String state = d.subscriberState();
    String refused = switch (d.eventType()) {
      case DeliveryRepository.CONFIRMATION -> "unconfirmed".equals(state) ? null : "The subscriber is " + state;
      case DeliveryRepository.CONTACT_NOTICE -> "unsubscribed".equals(state) ? "The subscriber is unsubscribed" : null;
      default -> "active".equals(state) ? null : "The subscriber is " + state;
    };
    if (refused != null) {
      return repository.stop(pool, d, lease, refused, Writer.now(clock));
    }
    return page(d.pageId())
      .map(page -> message(d, page))
      .compose(sender::send)
      .compose(attempt -> {
        OffsetDateTime now = Writer.now(clock);
        if (attempt.accepted()) {
          // The slot is free once the server has it; the row stays leased until its batch is written.
          marks.sent(new DeliveryRepository.Sent(d.id(), d.subscriberId(), d.eventType(), lease, attempt.code(),
            now));
          return Future.<Void>succeededFuture();
        }
        return repository.mailFailed(pool, d, lease, attempt.code(), attempt.error(),
          now.plus(options.backoff(d.attempts() + 1)), attempt.permanent(), now);
      });
  }

  private MailMessage message(DeliveryRepository.Claimed d, Mails.Page page) {
    return switch (d.eventType()) {
      case DeliveryRepository.CONFIRMATION -> mails.confirmation(d.id(), d.email(), d.subscriberId(), page);
      case DeliveryRepository.CONTACT_NOTICE -> mails.contactNotice(d.id(), d.email(), d.subscriberId(),
        d.endpoint(), page, new JsonObject(d.payload()));
      default -> mails.news(d.id(), d.email(), d.subscriberId(), page, new JsonObject(d.payload()));
    };
  }

  /** The page's name and address: component-service's, kept a minute; the configured ones when it does not answer. */
  private Future<Mails.Page> page(String pageId) {
    Instant now = clock.instant();
    CachedPage cached = cache.get(pageId);
    if (cached != null && now.isBefore(cached.until())) {
      return Future.succeededFuture(cached.page());
    }
    return pages.page(pageId)
      .map(json -> {
        pageLookup.succeeded();
        Mails.Page page = new Mails.Page(json.getString("name", fallback.name()), json.getString("url") == null
          || json.getString("url").isBlank() ? fallback.url() : json.getString("url"));
        cache.put(pageId, new CachedPage(page, now.plus(PAGE_FRESH)));
        return page;
      })
      .otherwise(e -> {
        pageLookup.failed(e);
        return cached != null ? cached.page() : fallback;
      });
  }
}
