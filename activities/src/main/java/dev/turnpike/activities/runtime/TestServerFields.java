package dev.turnpike.activities.runtime;

import java.lang.reflect.Field;

/** Reads a private field of Temporal's test server, for the workarounds in this package. */
final class TestServerFields {
  private TestServerFields() {}

  static Object read(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
