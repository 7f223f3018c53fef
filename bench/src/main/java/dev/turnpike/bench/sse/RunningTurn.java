package dev.turnpike.bench.sse;

import dev.turnpike.bench.http.ApiClient;

/**
 * A fresh session with one turn that sleeps for ten minutes, so events can be emitted into it;
 * {@code cursor} is the session's newest event once the turn runs (streams start after it).
 */
public record RunningTurn(String sessionId, String turnId, String cursor) {
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
    return new RunningTurn(session, turn, newestCursor(api, session));
  }

  /** The cursor of the session's newest event right now. */
  public static String newestCursor(ApiClient api, String sessionId) {
    return api.session(sessionId).path("last_event_cursor").asText();
  }
}
