package dev.turnpike.activities.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Prefixed resource ids: random for new resources, derived for events (idempotent writes). */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private Ids() {}

  public static String random(String prefix) {
    return prefix + randomChars(22);
  }

  public static String randomChars(int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  /** The same parts always give the same id. */
  public static String derived(String prefix, String... parts) {
    return prefix + sha256Hex(String.join("\u001f", parts)).substring(0, 24);
  }

  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An etag that changes whenever the row's version does. */
  public static String etag(String id, int version) {
    return sha256Hex(id + "@" + version).substring(0, 16);
  }
}
