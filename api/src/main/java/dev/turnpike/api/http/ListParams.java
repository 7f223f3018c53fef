package dev.turnpike.api.http;

import dev.turnpike.activities.store.Cursors;
import dev.turnpike.activities.store.PageRequest;

/** {@code limit} (1–100, default 50) and an opaque {@code cursor}, from query strings. */
public final class ListParams {
  private ListParams() {}

  public static PageRequest resources(String limit, String cursor) {
    return parse(limit, cursor, Cursors.RESOURCE);
  }

  public static PageRequest events(String limit, String cursor) {
    return parse(limit, cursor, Cursors.EVENT);
  }

  private static PageRequest parse(String limit, String cursor, String kind) {
    int n = PageRequest.DEFAULT_LIMIT;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > PageRequest.MAX_LIMIT) {
        throw ApiException.invalid(
            "limit must be an integer from 1 to " + PageRequest.MAX_LIMIT + ".", "limit");
      }
    }
    Long after = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = Cursors.decode(kind, cursor);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("cursor is not a cursor of this list.", "cursor");
      }
    }
    return new PageRequest(n, after);
  }
}
