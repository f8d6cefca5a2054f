package io.statuspage.gateway.access;

import io.statuspage.runtime.Ids;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys, stored as SHA-256 hashes (keys are long random strings, so a fast hash is enough; passwords will get
 * Argon2id). Authenticates {@code OAuth <key>} or {@code Bearer <key>} from the {@code Authorization} header ({@link #header()})
 * and a bare key from {@code ?api_key=} ({@link #query()}).
 */
public final class ApiKeys implements AuthenticationProvider {

  /** Who made a change, as the services record it. */
  public static final String CALLER = "caller";
  private static final long CACHE_MILLIS = 30_000;

  private final Pool pool;
  private final Outage database;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile boolean reachable = true;

  private record Cached(Optional<User> user, long at) {
  }

  /** A key just made: its id and the secret, which is never stored. */
  public record NewKey(String id, String secret, boolean created) {
  }

  private ApiKeys(Pool pool, Outage database) {
    this.pool = pool;
    this.database = database;
  }

  /** Keys in {@code pool}; a lookup that cannot reach the database is reported to {@code database}. */
  public static ApiKeys create(Pool pool, Outage database) {
    return new ApiKeys(pool, database);
  }

  /**
   * Makes sure the installation has an admin key. With {@code configured} set, that key is registered (once);
   * otherwise a random key is made when there is none at all. Several gateways may start at once: an advisory
   * lock makes exactly one of them create it.
   */
  public Future<NewKey> bootstrap(String configured) {
    String secret = configured != null ? configured : "sp_" + Ids.random(40);
    String hash = hash(secret);
    return pool.withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(hashtext('statuspage.api_key.bootstrap'))")
      .execute()
      .compose(locked -> tx.preparedQuery(configured != null
          ? "SELECT count(*) AS n FROM api_key WHERE key_hash = $1"
          : "SELECT count(*) AS n FROM api_key WHERE $1::text IS NOT NULL")
        .execute(Tuple.of(hash)))
      .compose(rows -> {
        if (rows.iterator().next().getLong("n") > 0) {
          return Future.succeededFuture(new NewKey(null, null, false));
        }
        String id = Ids.newId();
        return tx.preparedQuery("INSERT INTO api_key (id, name, key_hash, scopes) VALUES ($1, 'admin', $2, $3)")
          .execute(Tuple.of(id, hash, new String[] {"admin"}))
          .map(done -> new NewKey(id, configured != null ? null : secret, true));
      }));
  }

  /** Keys from the {@code Authorization} header: {@code OAuth <key>} or {@code Bearer <key>}, scheme in any case. */
  public AuthenticationProvider header() {
    return credentials -> authenticate(credentials, true);
  }

  /** Keys from the {@code api_key} query parameter, bare. */
  public AuthenticationProvider query() {
    return credentials -> authenticate(credentials, false);
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    return authenticate(credentials, false);
  }

  private Future<User> authenticate(Credentials credentials, boolean fromHeader) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return unauthorized();
    }
    String secret = fromHeader ? withoutScheme(token.getToken()) : token.getToken();
    if (secret == null || secret.isEmpty()) {
      return unauthorized();
    }
    String hash = hash(secret);
    Cached cached = cache.get(hash);
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.at() < CACHE_MILLIS) {
      return cached.user().map(Future::succeededFuture).orElseGet(ApiKeys::unauthorized);
    }
    return pool.preparedQuery("SELECT id, name, scopes FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL")
      .execute(Tuple.of(hash))
      .onComplete(done -> {
        reachable = done.succeeded();
        if (done.succeeded()) {
          database.succeeded();
        } else {
          database.failed(done.cause());
        }
      })
      .compose(rows -> {
        Optional<User> user = rows.size() == 0 ? Optional.empty() : Optional.of(toUser(rows.iterator().next()));
        if (cache.size() > 10_000) {
          cache.clear();
        }
        cache.put(hash, new Cached(user, now));
        return user.map(Future::succeededFuture).orElseGet(ApiKeys::unauthorized);
      });
  }

  /** Whether the latest key lookup reached the database. */
  public boolean reachable() {
    return reachable;
  }

  private static User toUser(Row row) {
    String caller = "key:" + row.getString("id");
    User user = User.fromName(caller);
    user.principal().put(CALLER, caller).put("key_name", row.getString("name"));
    user.attributes().put("scopes", new io.vertx.core.json.JsonArray(java.util.List.of(row.getArrayOfStrings("scopes"))));
    return user;
  }

  /** The key of an {@code Authorization} value, or null without a scheme this API takes (RFC 9110: any case). */
  static String withoutScheme(String header) {
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space <= 0) {
      return null;
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    return scheme.equals("oauth") || scheme.equals("bearer") ? value.substring(space + 1).strip() : null;
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> Future<T> unauthorized() {
    return Future.failedFuture(new HttpException(401, new JsonObject().put("detail", "Could not authenticate").encode()));
  }
}
