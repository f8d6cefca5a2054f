package io.statuspage.gateway.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address, in this gateway's memory: {@code limit} requests at once, then one more every
 * {@code window / limit}. IPv6 clients are counted per /64, the block one subscriber line usually gets, so that
 * walking through addresses of one line gains nothing. Shared by the gateway's event loops.
 *
 * <p>Memory is bounded: past {@link #MAX_CLIENTS} addresses, the full buckets (clients idle for a window) are dropped;
 * when that frees nothing, new clients are refused until it does. Behind a reverse proxy the address is the one the
 * proxy forwards ({@link ClientAddress}); a proxy not listed as trusted is counted as one client.
 */
public final class ClientRateLimit {

  static final int MAX_CLIENTS = 100_000;

  private final int limit;
  private final double perMilli;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private ClientRateLimit(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.perMilli = (double) limit / Math.max(1, window.toMillis());
    this.clock = clock;
  }

  /** @throws IllegalArgumentException for a limit below 1 or a window that is not positive */
  public static ClientRateLimit create(int limit, Duration window, Clock clock) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("A rate limit needs at least 1 request in a positive window");
    }
    return new ClientRateLimit(limit, window, clock);
  }

  /** Takes one request for {@code address}: 0 when allowed, else the seconds until the next one would be. */
  public long acquire(String address) {
    long now = clock.millis();
    String client = client(address);
    if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
      buckets.values().removeIf(b -> b.full(now, perMilli, limit));
      if (buckets.size() >= MAX_CLIENTS) {
        return Math.max(1, (long) Math.ceil(1 / perMilli / 1000));
      }
    }
    long[] wait = {0};
    buckets.compute(client, (k, b) -> {
      Bucket bucket = b == null ? new Bucket(limit, now) : b.refill(now, perMilli, limit);
      if (bucket.tokens >= 1) {
        return new Bucket(bucket.tokens - 1, now);
      }
      wait[0] = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perMilli / 1000));
      return bucket;
    });
    return wait[0];
  }

  /** The key an address is counted under: itself for IPv4, its /64 for IPv6. */
  static String client(String address) {
    if (address == null || !address.contains(":")) {
      return address == null ? "" : address;
    }
    try {
      byte[] bytes = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
        : address).getAddress();
      if (bytes.length != 16) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      for (int i = 8; i < 16; i++) {
        bytes[i] = 0;
      }
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      // Only literals reach here (no lookup happens for them); anything else is counted as it is.
      return address;
    }
  }

  private record Bucket(double tokens, long at) {

    Bucket refill(long now, double perMilli, int limit) {
      return new Bucket(Math.min(limit, tokens + Math.max(0, now - at) * perMilli), now);
    }

    boolean full(long now, double perMilli, int limit) {
      return refill(now, perMilli, limit).tokens >= limit;
    }
  }
}
