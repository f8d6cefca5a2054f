package io.statuspage.notifier;

import io.statuspage.api.model.IncidentSubscriberCreateRequest;
import io.statuspage.api.model.IncidentSubscriberCreateRequestSubscriber;
import io.statuspage.api.model.SubscriberCreateRequest;
import io.statuspage.api.model.SubscriberCreateRequestSubscriber;
import io.statuspage.api.model.SubscriberState;
import io.statuspage.api.model.SubscriberUpdateRequest;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Paging;
import io.statuspage.bus.Requests;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.notifier.SubscriberRow.Mode;
import io.statuspage.notifier.Tokens.Purpose;
import io.statuspage.notifier.webhook.WebhookTargets;
import io.statuspage.runtime.Ids;
import io.statuspage.write.Aggregate;
import io.statuspage.write.Outcome;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules of subscribers. Every write is one {@link Writer} transaction on one subscriber (or, to create one, on
 * its address): it locks, edits a {@link SubscriberDraft}, writes the difference with the confirmation mail it asks
 * for, and announces the subscriber on the notifier's outbox. A new email subscriber is unconfirmed and gets only the
 * confirmation mail (a {@code confirmation_request} row the delivery part sends) until its token comes back through
 * {@link #confirm}; any link's token can {@link #unsubscribe} it.
 */
public final class SubscriberService {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 24;

  private final SubscriberRepository repository;
  private final DeliveryRepository deliveries;
  private final Pool pool;
  private final Pages pages;
  private final WebhookTargets targets;
  private final Tokens tokens;
  private final Writer<SubscriberKey, SubscriberDraft> writer;

  SubscriberService(SubscriberRepository repository, Pool pool, Outbox outbox, Clock clock, Pages pages,
                    WebhookTargets targets, Tokens tokens, DeliveryRepository deliveries) {
    this.repository = repository;
    this.deliveries = deliveries;
    this.pool = pool;
    this.pages = pages;
    this.targets = targets;
    this.tokens = tokens;
    this.writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
  }

  // Page subscribers

  /** A subscriber's delivery log, newest first ({@code page} and {@code per_page}). */
  public Future<JsonArray> deliveries(JsonObject request) {
    SubscriberKey key = SubscriberKey.byId(Requests.parameter(request, "page_id"), null,
      Requests.parameter(request, "subscriber_id"));
    Paging paging = Paging.of(request);
    return repository.get(pool, key).map(row -> found(row, key))
      .compose(row -> deliveries.log(pool, key.pageId(), row.id(), paging.offset(), paging.size()));
  }

  public Future<JsonArray> list(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    SubscriberRepository.Filter filter = filter(request, pageId);
    int limit = Paging.number(request, "limit", 1, 100, 100);
    int page = Paging.number(request, "page", 0, 1_000_000, 0);
    return pages.requireComponents(pageId, List.of(), "component_ids")
      .compose(v -> repository.list(pool, filter, (long) page * limit, limit))
      .map(SubscriberService::array);
  }

  public Future<JsonObject> count(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    SubscriberRepository.Filter filter = filter(request, pageId);
    return pages.requireComponents(pageId, List.of(), "component_ids")
      .compose(v -> repository.count(pool, filter))
      .map(count -> new JsonObject().put("count", count));
  }

  /**
   * Subscribes an email address or registers a webhook, once per {@code requestId}; the same address again answers
   * the existing subscriber, unchanged.
   */
  public Future<JsonObject> create(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    SubscriberCreateRequestSubscriber s = Requests.required(
      Requests.read(request, SubscriberCreateRequest.class).getSubscriber(), "subscriber");
    String email = email(s.getEmail());
    URI endpoint = s.getEndpoint();
    Mode mode = endpoint == null ? Mode.EMAIL : Mode.WEBHOOK;
    if (mode == Mode.EMAIL && s.getFormat() != null) {
      throw ServiceError.unprocessable("subscriber.format", "format is for webhooks; an email subscriber has none");
    }
    List<String> componentIds = s.getComponentIds() == null ? List.of() : List.copyOf(s.getComponentIds());
    boolean skip = Boolean.TRUE.equals(s.getSkipConfirmationNotification());
    String format = mode == Mode.EMAIL ? null
      : s.getFormat() == null ? "statuspage" : s.getFormat().getValue();
    String address = mode == Mode.EMAIL ? email.toLowerCase(Locale.ROOT) : endpoint.toString();
    return pages.requireComponents(pageId, componentIds, "subscriber.component_ids")
      .compose(v -> mode == Mode.WEBHOOK ? targets.check(endpoint).mapEmpty() : Future.succeededFuture())
      .compose(v -> writer.write(SubscriberKey.byAddress(pageId, mode, address, null), requestId, draft -> {
        if (draft.row() != null) {
          return Outcome.of(json(draft.row(), null));
        }
        String secret = mode == Mode.WEBHOOK ? newSecret() : null;
        draft.row(SubscriberRow.create(Ids.newId(), pageId, mode, email, address,
          endpoint == null ? null : endpoint.toString(), format, secret, componentIds, null, skip, draft.now()));
        return created(draft, secret);
      }));
  }

  public Future<JsonObject> get(JsonObject request) {
    return read(SubscriberKey.byId(Requests.parameter(request, "page_id"), null,
      Requests.parameter(request, "subscriber_id")));
  }

  /** Replaces the components a subscriber hears of. */
  public Future<JsonObject> update(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "subscriber_id");
    SubscriberUpdateRequest body = Requests.read(request, SubscriberUpdateRequest.class);
    List<String> componentIds = List.copyOf(Requests.required(
      Requests.required(body.getSubscriber(), "subscriber").getComponentIds(), "subscriber.component_ids"));
    return pages.requireComponents(pageId, componentIds, "subscriber.component_ids")
      .compose(v -> writer.write(SubscriberKey.byId(pageId, null, id), draft -> {
        SubscriberRow row = draft.row();
        if (row.state() == SubscriberState.UNSUBSCRIBED) {
          throw ServiceError.unprocessable("subscriber_id", "The subscriber has unsubscribed");
        }
        if (row.incidentId() != null) {
          throw ServiceError.unprocessable("subscriber_id", "An incident's subscriber hears of that incident only");
        }
        draft.row(row.components(componentIds, draft.now()));
        return changed(draft);
      }));
  }

  /** Unsubscribes (the management API's DELETE); again answers the same. */
  public Future<JsonObject> delete(JsonObject request) {
    return unsubscribe(SubscriberKey.byId(Requests.parameter(request, "page_id"), null,
      Requests.parameter(request, "subscriber_id")));
  }

  /** Another confirmation mail for an unconfirmed email subscriber, once per {@code requestId}. */
  public Future<JsonObject> resendConfirmation(JsonObject request, String requestId) {
    SubscriberKey key = SubscriberKey.byId(Requests.parameter(request, "page_id"), null,
      Requests.parameter(request, "subscriber_id"));
    return writer.write(key, requestId, draft -> {
      if (draft.row().mode() != Mode.EMAIL || draft.row().state() != SubscriberState.UNCONFIRMED) {
        throw ServiceError.unprocessable("subscriber_id", "Only an unconfirmed email subscriber is sent a "
          + "confirmation; this one is " + draft.row().mode().wire() + " and " + draft.row().state().getValue());
      }
      draft.requestConfirmation();
      return Outcome.of(json(draft.row(), null));
    });
  }

  /** Makes a quarantined subscriber active again; an active one answers unchanged. */
  public Future<JsonObject> reactivate(JsonObject request, String requestId) {
    SubscriberKey key = SubscriberKey.byId(Requests.parameter(request, "page_id"), null,
      Requests.parameter(request, "subscriber_id"));
    return writer.write(key, requestId, draft -> {
      SubscriberState state = draft.row().state();
      if (state != SubscriberState.QUARANTINED && state != SubscriberState.ACTIVE) {
        throw ServiceError.unprocessable("subscriber_id", "Only a quarantined subscriber can be reactivated; this "
          + "one is " + state.getValue());
      }
      draft.row(draft.row().reactivated(draft.now()));
      return changed(draft);
    });
  }

  // Incident subscribers

  public Future<JsonArray> listIncident(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String incidentId = Requests.parameter(request, "incident_id");
    Paging paging = Paging.of(request);
    return pages.requireIncident(pageId, incidentId)
      .compose(v -> repository.list(pool, new SubscriberRepository.Filter(pageId, incidentId, null, null, null),
        paging.offset(), paging.size()))
      .map(rows -> array(rows.stream().filter(row -> row.state() != SubscriberState.UNSUBSCRIBED).toList()));
  }

  /** Subscribes an email address to one incident, once per {@code requestId}. */
  public Future<JsonObject> createIncident(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    String incidentId = Requests.parameter(request, "incident_id");
    IncidentSubscriberCreateRequestSubscriber s = Requests.required(
      Requests.read(request, IncidentSubscriberCreateRequest.class).getSubscriber(), "subscriber");
    String email = email(s.getEmail());
    boolean skip = Boolean.TRUE.equals(s.getSkipConfirmationNotification());
    String address = email.toLowerCase(Locale.ROOT);
    return pages.requireIncident(pageId, incidentId)
      .compose(v -> writer.write(SubscriberKey.byAddress(pageId, Mode.EMAIL, address, incidentId), requestId,
        draft -> {
          if (draft.row() != null) {
            return Outcome.of(json(draft.row(), null));
          }
          draft.row(SubscriberRow.create(Ids.newId(), pageId, Mode.EMAIL, email, address, null, null, null, List.of(),
            incidentId, skip, draft.now()));
          return created(draft, null);
        }));
  }

  public Future<JsonObject> getIncident(JsonObject request) {
    return read(incidentKey(request));
  }

  public Future<JsonObject> deleteIncident(JsonObject request) {
    return unsubscribe(incidentKey(request));
  }

  // Links in messages (the public pages)

  /** Confirms the subscriber a confirmation token names; idempotent. */
  public Future<JsonObject> confirm(JsonObject request) {
    Tokens.Claim claim = tokens.verify(Requests.parameter(request, "token"), Set.of(Purpose.CONFIRM));
    return writer.write(SubscriberKey.byId(null, null, claim.subscriberId()), draft -> {
      if (draft.row().state() == SubscriberState.UNSUBSCRIBED) {
        throw ServiceError.unprocessable("token", "The subscription was cancelled; subscribe again");
      }
      draft.row(draft.row().confirmed(draft.now()));
      return changed(draft);
    });
  }

  /** Unsubscribes the subscriber a manage or unsubscribe token names; idempotent. */
  public Future<JsonObject> unsubscribe(JsonObject request) {
    Tokens.Claim claim = tokens.verify(Requests.parameter(request, "token"),
      Set.of(Purpose.MANAGE, Purpose.UNSUBSCRIBE));
    return unsubscribe(SubscriberKey.byId(null, null, claim.subscriberId()));
  }

  /** The subscriber a manage token names, in whatever state (the page says when it has unsubscribed). */
  public Future<JsonObject> manage(JsonObject request) {
    return managed(request).map(row -> json(row, null));
  }

  /** Replaces the components of the subscriber a manage token names: none or an empty list means all. */
  public Future<JsonObject> manageUpdate(JsonObject request) {
    JsonArray given = request.getValue("component_ids") instanceof JsonArray array ? array : null;
    if (request.getValue("component_ids") != null && given == null) {
      throw ServiceError.badRequest("component_ids", "component_ids must be a list of component ids");
    }
    List<String> componentIds = new ArrayList<>();
    for (Object id : given == null ? List.of() : given.getList()) {
      if (!(id instanceof String text) || text.isBlank()) {
        throw ServiceError.badRequest("component_ids", "component_ids must be a list of component ids");
      }
      if (!componentIds.contains(text)) {
        componentIds.add(text);
      }
    }
    return managed(request).compose(row -> {
      if (row.state() == SubscriberState.UNSUBSCRIBED) {
        throw ServiceError.unprocessable("token", "The subscription was cancelled; subscribe again");
      }
      if (row.incidentId() != null) {
        throw ServiceError.unprocessable("component_ids", "An incident's subscriber hears of that incident only");
      }
      return pages.requireComponents(row.pageId(), componentIds, "component_ids")
        .compose(v -> writer.write(SubscriberKey.byId(row.pageId(), null, row.id()), draft -> {
          if (draft.row().state() == SubscriberState.UNSUBSCRIBED) {
            throw ServiceError.unprocessable("token", "The subscription was cancelled; subscribe again");
          }
          draft.row(draft.row().components(componentIds, draft.now()));
          return changed(draft);
        }));
    });
  }

  /** The subscriber of a manage token; a token whose subscriber is gone (purged) is as good as forged. */
  private Future<SubscriberRow> managed(JsonObject request) {
    Tokens.Claim claim = tokens.verify(Requests.parameter(request, "token"), Set.of(Purpose.MANAGE));
    return repository.get(pool, SubscriberKey.byId(null, null, claim.subscriberId())).map(row -> {
      if (row == null) {
        throw ServiceError.unprocessable("token", "The link is not valid");
      }
      return row;
    });
  }

  // Plumbing

  private Future<JsonObject> unsubscribe(SubscriberKey key) {
    return writer.write(key, draft -> {
      draft.row(draft.row().unsubscribed(draft.now()));
      return changed(draft);
    });
  }

  private Future<JsonObject> read(SubscriberKey key) {
    return repository.get(pool, key).map(row -> json(found(row, key), null));
  }

  private Future<SubscriberDraft> lock(SqlClient tx, SubscriberKey key, OffsetDateTime now) {
    return key.id() != null
      ? repository.lock(tx, key).map(row -> new SubscriberDraft(found(row, key), now))
      : repository.lockAddress(tx, key).map(row -> new SubscriberDraft(row, now));
  }

  private Future<Boolean> save(SqlClient tx, SubscriberDraft draft) {
    return draft.isEmpty() ? Future.succeededFuture(false) : repository.save(tx, draft).map(true);
  }

  /** A new subscriber's reply (with its secret, this once) and announcement; its confirmation mail if it needs one. */
  private static Outcome<JsonObject> created(SubscriberDraft draft, String secret) {
    if (draft.row().state() == SubscriberState.UNCONFIRMED) {
      draft.requestConfirmation();
    }
    return Outcome.of(json(draft.row(), secret)).emit(Services.Notifier.SUBSCRIBER_CHANGED, json(draft.row(), null));
  }

  private static Outcome<JsonObject> changed(SubscriberDraft draft) {
    JsonObject view = json(draft.row(), null);
    return Outcome.of(view).emit(Services.Notifier.SUBSCRIBER_CHANGED, view);
  }

  /** The subscriber as the contract has it; the secret only when given, never as null. */
  private static JsonObject json(SubscriberRow row, String secret) {
    JsonObject json = JsonObject.mapFrom(row.view().secret(secret));
    if (secret == null) {
      json.remove("secret");
    }
    return json;
  }

  private static JsonArray array(List<SubscriberRow> rows) {
    return new JsonArray(rows.stream().map(row -> (Object) json(row, null)).toList());
  }

  private static SubscriberRow found(SubscriberRow row, SubscriberKey key) {
    if (row == null) {
      throw ServiceError.notFound("subscriber", key.id());
    }
    return row;
  }

  private static SubscriberKey incidentKey(JsonObject request) {
    return SubscriberKey.byId(Requests.parameter(request, "page_id"), Requests.parameter(request, "incident_id"),
      Requests.parameter(request, "subscriber_id"));
  }

  /** Standard Webhooks: {@code whsec_} and the base64 of the random key. */
  private static String newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  private static String email(String given) {
    String email = Requests.required(given, "subscriber.email").strip();
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw ServiceError.unprocessable("subscriber.email", "Not an email address: " + given);
    }
    return email;
  }

  private static SubscriberRepository.Filter filter(JsonObject request, String pageId) {
    String state = text(request, "state", "active");
    String type = text(request, "type", null);
    SubscriberState wanted;
    try {
      wanted = state.equals("all") ? null : SubscriberState.fromValue(state);
    } catch (IllegalArgumentException e) {
      throw ServiceError.badRequest("state", "state must be one of active, unconfirmed, quarantined, unsubscribed, all");
    }
    if (type != null && !type.equals("email") && !type.equals("webhook")) {
      throw ServiceError.badRequest("type", "type must be email or webhook");
    }
    return new SubscriberRepository.Filter(pageId, null, wanted, type == null ? null : Mode.of(type),
      text(request, "q", null));
  }

  private static String text(JsonObject request, String name, String absent) {
    String value = Requests.optionalParameter(request, name);
    return value == null ? absent : value;
  }
}
