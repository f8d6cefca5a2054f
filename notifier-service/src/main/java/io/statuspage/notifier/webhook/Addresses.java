package io.statuspage.notifier.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which IP addresses a webhook may not reach (SSRF): loopback, private, link-local (cloud metadata included),
 * carrier-grade NAT, unique-local, multicast, unspecified, broadcast and reserved ones, also when written in an IPv6
 * form that carries an IPv4 address (mapped, compatible, NAT64, 6to4). Checked at registration and again, by the
 * sender, on the address it connects to.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Why {@code address} may not be reached, or null when it may. */
  public static String forbidden(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return forbidden4(b, 0);
    }
    if (address instanceof Inet6Address) {
      return forbidden6(b);
    }
    return "not an IP address";
  }

  private static String forbidden4(byte[] b, int at) {
    int a0 = b[at] & 0xff;
    int a1 = b[at + 1] & 0xff;
    if (a0 == 0) {
      return "an unspecified (0.0.0.0/8) address";
    }
    if (a0 == 127) {
      return "a loopback address";
    }
    if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
      return "a private address";
    }
    if (a0 == 169 && a1 == 254) {
      return "a link-local address (cloud metadata among them)";
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return "a carrier-grade NAT address";
    }
    if (a0 == 192 && a1 == 0 && (b[at + 2] & 0xff) == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
      return "a special-purpose address";
    }
    if (a0 >= 224 && a0 <= 239) {
      return "a multicast address";
    }
    if (a0 >= 240) {
      return "a reserved or broadcast address";
    }
    return null;
  }

  private static String forbidden6(byte[] b) {
    boolean first10Zero = true;
    for (int i = 0; i < 10; i++) {
      first10Zero &= b[i] == 0;
    }
    int w5 = (b[10] & 0xff) << 8 | b[11] & 0xff;
    if (first10Zero && (w5 == 0xffff || w5 == 0)) {
      boolean high96Zero = w5 == 0;
      if (high96Zero && isZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
        return b[15] == 0 ? "the unspecified address" : "a loopback address";
      }
      // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address.
      String v4 = forbidden4(b, 12);
      return v4 == null ? null : v4 + " (in IPv6 form)";
    }
    int w0 = (b[0] & 0xff) << 8 | b[1] & 0xff;
    if (w0 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12)) {
      String v4 = forbidden4(b, 12);
      return v4 == null ? null : v4 + " (through NAT64)";
    }
    if (w0 == 0x2002) {
      String v4 = forbidden4(b, 2);
      return v4 == null ? null : v4 + " (through 6to4)";
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return "a unique-local address";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return "a link-local address";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return "a site-local address";
    }
    if ((b[0] & 0xff) == 0xff) {
      return "a multicast address";
    }
    return null;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
