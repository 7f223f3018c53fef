package dev.turnpike.activities.testing;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/** A Micronaut context with the stores and activities on the test database, and no worker. */
public final class StoreContext {
  private StoreContext() {}

  public static ApplicationContext start() {
    Map<String, Object> props = new HashMap<>(TestDatabase.properties());
    props.put("turnpike.roles", "api");
    return ApplicationContext.builder().deduceEnvironment(false).properties(props).start();
  }
}
