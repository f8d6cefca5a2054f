package io.statuspage.runtime;

import java.security.SecureRandom;

/** Identifiers in Statuspage's style: 12 lowercase base-36 characters, e.g. {@code kctbh9vrtdwd}. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private Ids() {
  }

  public static String newId() {
    return random(12);
  }

  /** A random base-36 string; 43 characters carry more than 220 bits, enough for an API key. */
  public static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
