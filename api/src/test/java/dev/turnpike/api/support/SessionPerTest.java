package dev.turnpike.api.support;

import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One Turnpike per test class, a workspace with one scripted agent, and a fresh session for each
 * test, so tests never see each other's turns.
 */
public abstract class SessionPerTest {
  protected static final Duration WAIT = Duration.ofSeconds(30);
  protected static TestTurnpike turnpike;
  protected static ApiClient api;
  protected static String agentId;
  protected String sessionId;

  @BeforeAll
  static void startTurnpike() {
    turnpike = TestTurnpike.start();
    api = turnpike.newWorkspaceClient("session tests");
    agentId = createAgent(api, "scripted").get("id").asText();
  }

  @AfterAll
  static void stopTurnpike() {
    turnpike.close();
  }

  @BeforeEach
  void newSession() {
    sessionId = createSession(api, agentId).get("id").asText();
  }
}
