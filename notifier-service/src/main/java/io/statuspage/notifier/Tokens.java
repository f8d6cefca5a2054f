package io.statuspage.notifier;

import io.statuspage.bus.ServiceError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Signed, URL-safe tokens for the links in subscriber messages: {@code base64url(purpose.subscriber.expiry)} and
 * {@code base64url(HMAC-SHA256)} of it, joined by a dot. A token names its subscriber and what it may do:
 * {@link Purpose#CONFIRM} (double opt-in; expires after {@link #CONFIRM_FOR}), {@link Purpose#MANAGE} and
 * {@link Purpose#UNSUBSCRIBE} (no expiry; useless once the subscriber unsubscribed, which the service checks). Every
 * instance signs with the same key ({@code notifier.token.key}, or the one stored in the schema).
 */
public final class Tokens {

  /** How long a confirmation link works. */
  public static final Duration CONFIRM_FOR = Duration.ofDays(7);
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a token allows. */
  public enum Purpose {
    CONFIRM, MANAGE, UNSUBSCRIBE;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What a valid token says. */
  public record Claim(Purpose purpose, String subscriberId) {
  }

  private final SecretKeySpec key;
  private final Clock clock;

  private Tokens(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.clock = clock;
  }

  /** Tokens signed with {@code key}, their expiry measured by {@code clock}. */
  public static Tokens create(byte[] key, Clock clock) {
    return new Tokens(key, clock);
  }

  /** A confirmation token for {@code subscriberId}, valid for {@link #CONFIRM_FOR} from now. */
  public String confirm(String subscriberId) {
    return sign(Purpose.CONFIRM, subscriberId, clock.instant().plus(CONFIRM_FOR).getEpochSecond());
  }

  /** A token for the manage link of every message. */
  public String manage(String subscriberId) {
    return sign(Purpose.MANAGE, subscriberId, 0);
  }

  /** A token for one-click unsubscribe ({@code List-Unsubscribe}, RFC 8058). */
  public String unsubscribe(String subscriberId) {
    return sign(Purpose.UNSUBSCRIBE, subscriberId, 0);
  }

  /**
   * What {@code token} says, if it is genuine, unexpired and of one of the {@code accepted} purposes; else a 422
   * naming {@code token}, the same for a forged one as for a mangled one.
   */
  public Claim verify(String token, Set<Purpose> accepted) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw invalid("The link is not valid");
    }
    byte[] payload;
    byte[] mac;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      mac = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("The link is not valid");
    }
    if (!MessageDigest.isEqual(mac, mac(payload))) {
      throw invalid("The link is not valid");
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\.", -1);
    Purpose purpose = parts.length == 3 ? purpose(parts[0]) : null;
    if (purpose == null || !accepted.contains(purpose)) {
      throw invalid("The link is not valid for this");
    }
    long expiry = Long.parseLong(parts[2]);
    if (expiry != 0 && clock.instant().getEpochSecond() > expiry) {
      throw invalid("The link has expired; subscribe again for a new one");
    }
    return new Claim(purpose, parts[1]);
  }

  private String sign(Purpose purpose, String subscriberId, long expiry) {
    byte[] payload = (purpose.wire() + "." + subscriberId + "." + expiry).getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static Purpose purpose(String wire) {
    for (Purpose p : Purpose.values()) {
      if (p.wire().equals(wire)) {
        return p;
      }
    }
    return null;
  }

  private static ServiceError invalid(String detail) {
    return ServiceError.unprocessable("token", detail);
  }
}
