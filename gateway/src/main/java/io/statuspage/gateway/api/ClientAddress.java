package io.statuspage.gateway.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the client a request comes from, as the rate limit counts it. Behind a reverse proxy the connection
 * comes from the proxy, which names the client in {@code X-Forwarded-For}; that header is believed only from the
 * proxies the operator lists ({@code http.trusted.proxies}, addresses or CIDR blocks), since anyone else could write
 * any address in it. The client is the last address in the header that is not a trusted proxy: each proxy appends
 * the address it was connected from, so entries left of that are whatever the client claimed.
 */
public final class ClientAddress {

  private final List<Block> trusted;

  private ClientAddress(List<Block> trusted) {
    this.trusted = trusted;
  }

  /**
   * @param trustedProxies addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR blocks ({@code 10.0.0.0/8})
   * @throws IllegalArgumentException for an entry that is neither
   */
  public static ClientAddress create(List<String> trustedProxies) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : trustedProxies) {
      String e = entry.strip();
      if (!e.isEmpty()) {
        blocks.add(Block.parse(e));
      }
    }
    return new ClientAddress(List.copyOf(blocks));
  }

  /** The client's address: the peer's, or the one a trusted proxy forwarded; null when the peer is unknown. */
  public String of(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null ? null : remote.hostAddress();
    if (peer == null || trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    List<String> hops = new ArrayList<>();
    for (String header : forwarded) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.strip());
        }
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = withoutPort(hops.get(i));
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    // Every hop a trusted proxy (or none named): the first one is as near the client as anyone says.
    return hops.isEmpty() ? peer : withoutPort(hops.get(0));
  }

  private boolean isTrusted(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : trusted) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** {@code 1.2.3.4:80} and {@code [::1]:80} without the port, as some proxies write them. */
  static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /** The bytes of an IP literal, or null for anything else (never a name lookup). */
  static byte[] literal(String address) {
    if (address.isEmpty() || address.length() > 45 || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0
      || c == '.' || c == ':')) {
      return null;
    }
    if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      // An IPv4-mapped IPv6 address is the IPv4 one.
      if (bytes.length == 16 && isMapped(bytes)) {
        byte[] v4 = new byte[4];
        System.arraycopy(bytes, 12, v4, 0, 4);
        return v4;
      }
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isMapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** An address block: the network's bytes and how many leading bits must match. */
  private record Block(byte[] network, int bits) {

    static Block parse(String entry) {
      int slash = entry.indexOf('/');
      byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (network == null) {
        throw new IllegalArgumentException("Not an IP address or CIDR block: " + entry);
      }
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("Not a CIDR block: " + entry);
        }
      }
      return new Block(network, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
