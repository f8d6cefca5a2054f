package io.statuspage.uptime.pingdom;

import java.time.Instant;

/**
 * Why a Pingdom call failed, in the terms the collector acts on. Its message is Pingdom's own
 * ({@code "401 Unauthorized: ..."}) and never carries the token.
 */
public final class PingdomError extends RuntimeException {

  /** What the collector does about it. */
  public enum Kind {
    /** 401 (or 403 on the list): the token is refused; the provider is failing until it changes. */
    UNAUTHORIZED,
    /** 403/404 on one check: it does not exist (any more) at Pingdom. */
    CHECK_NOT_FOUND,
    /** 429, or a window about to run out: wait until {@link #retryAt()}. */
    RATE_LIMITED,
    /** 5xx, a connection failure, a timeout or an answer that cannot be read: back off and try again. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final int status;
  private final Instant retryAt;

  PingdomError(Kind kind, int status, String message, Instant retryAt) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAt = retryAt;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status Pingdom answered, 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** For {@link Kind#RATE_LIMITED}: when the window resets; null otherwise. */
  public Instant retryAt() {
    return retryAt;
  }
}
