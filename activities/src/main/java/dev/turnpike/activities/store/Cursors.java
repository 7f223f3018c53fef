package dev.turnpike.activities.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors. Clients must not parse them; inside they name a position (a row's list order
 * or an event's sequence) with a kind letter so a cursor of one list is refused by another.
 */
public final class Cursors {
  public static final String RESOURCE = "r";
  public static final String EVENT = "e";

  private Cursors() {}

  public static String encode(String kind, long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + position).getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when the cursor is not one of ours of this kind. */
  public static long decode(String kind, String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(kind)) {
        throw new IllegalArgumentException("not a cursor of this list");
      }
      long position = Long.parseLong(text.substring(kind.length()));
      if (position < 0) {
        throw new IllegalArgumentException("negative position");
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor is not valid for this list", e);
    }
  }
}
