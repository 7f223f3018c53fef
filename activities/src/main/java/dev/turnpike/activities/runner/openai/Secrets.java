package dev.turnpike.activities.runner.openai;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/**
 * Named secrets, read on the worker when a step needs one and never stored: secret {@code name}
 * is the environment variable {@code TURNPIKE_SECRET_<NAME>} (upper case, every other character
 * than A-Z and 0-9 becomes '_'), or else the property {@code turnpike.secrets.<name>}.
 */
@Singleton
public class Secrets {
  private final Environment properties;

  public Secrets(Environment properties) {
    this.properties = properties;
  }

  static String environmentVariable(String name) {
    return "TURNPIKE_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  Optional<String> find(String name) {
    String fromEnv = System.getenv(environmentVariable(name));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    return properties
        .getProperty("turnpike.secrets." + name, String.class)
        .filter(s -> !s.isBlank())
        .map(String::strip);
  }
}
