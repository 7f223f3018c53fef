package dev.turnpike.api;

import dev.turnpike.api.launch.LaunchSettings;
import dev.turnpike.api.launch.Launcher;
import dev.turnpike.api.launch.RunningTurnpike;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.concurrent.CountDownLatch;

@OpenAPIDefinition(
    info =
        @Info(
            title = "Turnpike",
            version = "v1",
            description =
                "Durable AI agent turns: agents, sessions, turns and their event logs, following the"
                    + " Akua Agents API v1 wire format."))
public final class Turnpike {
  private Turnpike() {}

  public static void main(String[] args) throws Exception {
    RunningTurnpike turnpike;
    try {
      turnpike = Launcher.launch(LaunchSettings.fromEnvironment(System.getenv()));
    } catch (Exception e) {
      System.err.println("Turnpike could not start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  turnpike.close();
                  stopped.countDown();
                }));
    if (turnpike.generatedAdminToken() != null) {
      System.out.println();
      System.out.println("  An admin token was created. It is shown this once; keep it:");
      System.out.println();
      System.out.println("    " + turnpike.generatedAdminToken());
      System.out.println();
    }
    if (turnpike.url() != null) {
      System.out.println("Turnpike is ready on " + turnpike.url() + " (GET /health)");
    } else {
      System.out.println("Turnpike worker is running");
    }
    stopped.await();
  }
}
