package dev.turnpike.activities.worker;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Which parts of Turnpike this process runs: {@code api}, {@code worker}, or both. */
public record Roles(Set<String> names) {
  public static final String API = "api";
  public static final String WORKER = "worker";

  public static Roles parse(String text) {
    Set<String> names =
        Arrays.stream(text.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    for (String n : names) {
      if (!n.equals(API) && !n.equals(WORKER)) {
        throw new IllegalArgumentException(
            "TURNPIKE_ROLES: unknown role '" + n + "' (expected api, worker or api,worker)");
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("TURNPIKE_ROLES: name at least one role (api, worker)");
    }
    return new Roles(names);
  }

  public boolean api() {
    return names.contains(API);
  }

  public boolean worker() {
    return names.contains(WORKER);
  }
}
