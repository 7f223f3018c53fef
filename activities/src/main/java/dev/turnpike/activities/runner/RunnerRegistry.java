package dev.turnpike.activities.runner;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** All runner beans by their type name. */
@Singleton
public class RunnerRegistry {
  private final Map<String, Runner> runners;

  public RunnerRegistry(List<Runner> runners) {
    this.runners = runners.stream().collect(Collectors.toMap(Runner::type, Function.identity()));
  }

  public Optional<Runner> find(String type) {
    return Optional.ofNullable(runners.get(type));
  }

  public boolean knows(String type) {
    return runners.containsKey(type);
  }
}
