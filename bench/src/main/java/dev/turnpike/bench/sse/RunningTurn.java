package dev.turnpike.bench.sse;

import dev.turnpike.bench.http.ApiClient;
import java.util.Map;

/** A fresh session with one turn that sleeps for ten minutes, so events can be emitted into it. */
public record RunningTurn(String sessionId, String turnId) {
  private static final long TIMEOUT_MILLIS = 60_000;

  public static RunningTurn start(ApiClient api, String agentId) throws InterruptedException {
    String session = api.createSession(agentId);
    String turn = api.submitTurn(session, "sleep: 600000");
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    String state;
    while (!"RUNNING".equals(state = api.turn(turn).path("state").asText())) {
      if (System.currentTimeMillis() > deadline || state.equals("FAILED")) {
        throw new IllegalStateException("turn " + turn + " is " + state + ", not RUNNING");
      }
      Thread.sleep(50);
    }
    return new RunningTurn(session, turn);
  }

  /** Ends the sleeping turn, so it does not keep the server busy (heartbeats) for later scenarios. */
  public void cancel(ApiClient api) {
    api.post("/v1/agent_turns/" + turnId + ":cancel", Map.of(), Map.of());
  }

  /** The session's {@code last_event_cursor}: streams opened from it see only later events. */
  public String newestCursor(ApiClient api) {
    return api.session(sessionId).path("last_event_cursor").asText();
  }
}
