package dev.turnpike.activities.worker;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;

/** Starts the Temporal worker when this process has the worker role. */
@Singleton
public class WorkerLifecycle implements ApplicationEventListener<StartupEvent> {
  private final Roles roles;
  private final BeanProvider<TurnpikeWorker> worker;

  public WorkerLifecycle(
      @Value("${turnpike.roles:api,worker}") String roles, BeanProvider<TurnpikeWorker> worker) {
    this.roles = Roles.parse(roles);
    this.worker = worker;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    if (roles.worker()) {
      worker.get().start();
    }
  }
}
