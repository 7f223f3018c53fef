package dev.turnpike.activities.store;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a list: the wire shape {data, has_more, next_cursor}. */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {

  /**
   * Builds a page from rows fetched with {@code limit + 1}: the extra row only says there is more.
   */
  public static <T> Page<T> of(List<T> rows, int limit, String kind, ToLongFunction<T> position) {
    boolean more = rows.size() > limit;
    List<T> data = more ? rows.subList(0, limit) : rows;
    String next = more ? Cursors.encode(kind, position.applyAsLong(data.getLast())) : null;
    return new Page<>(List.copyOf(data), more, next);
  }

  /** A page of resources fetched newest first with their list position. */
  public static <T> Page<T> ofKeyed(List<Keyed<T>> rows, int limit) {
    Page<Keyed<T>> keyed = of(rows, limit, Cursors.RESOURCE, Keyed::key);
    return keyed.map(Keyed::value);
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(data.stream().map(f).toList(), hasMore, nextCursor);
  }

  /** A row with its position in the list order (row_seq). */
  public record Keyed<T>(long key, T value) {}
}
