package dev.turnpike.api.e2e;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens, admin rights, and the wall between workspaces. */
class WorkspaceIsolationTest {
  static TestTurnpike turnpike;

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  /** A's agent, session and (finished) turn. */
  record Owned(JsonNode agent, String agentId, String sessionId, String turnId) {}

  static Owned populate(ApiClient api, String name) {
    JsonNode agent = createAgent(api, name);
    String agentId = agent.get("id").asText();
    String sessionId = createSession(api, agentId).get("id").asText();
    String turnId = submitTurn(api, sessionId, "say: hello from " + name).get("id").asText();
    awaitTurnFinished(api, turnId);
    return new Owned(agent, agentId, sessionId, turnId);
  }

  @Test
  void anotherWorkspacesIdsAnswerNotFoundToEveryReadAndWrite() {
    ApiClient a = turnpike.newWorkspaceClient("workspace a");
    ApiClient b = turnpike.newWorkspaceClient("workspace b");
    Owned ownedA = populate(a, "agent of a");
    Owned ownedB = populate(b, "agent of b");
    String agentA = ownedA.agentId();
    String sessionA = ownedA.sessionId();
    String turnA = ownedA.turnId();
    String etagA = ownedA.agent().get("etag").asText();

    assertError(b.get("/v1/agents/" + agentA), 404, "not_found", null);
    assertError(b.get("/v1/agent_sessions/" + sessionA), 404, "not_found", null);
    assertError(b.get("/v1/agent_turns/" + turnA), 404, "not_found", null);
    assertError(b.get("/v1/agent_sessions/" + sessionA + "/events"), 404, "not_found", null);
    assertError(b.get("/v1/agent_turns/" + turnA + "/events"), 404, "not_found", null);
    assertError(b.get("/v1/workspaces/" + a.workspaceId()), 404, "not_found", null);
    // Writes: even with A's real etag, B cannot learn or change anything.
    assertError(
        b.withHeader("If-Match", etagA).patch("/v1/agents/" + agentA, Map.of("name", "stolen")),
        404,
        "not_found",
        null);
    assertError(b.patch("/v1/agents/" + agentA, Map.of("name", "stolen")), 404, "not_found", null);
    assertError(b.post("/v1/agents/" + agentA + ":archive", null), 404, "not_found", null);
    assertError(
        b.post("/v1/agent_sessions", Map.of("agent_id", agentA)), 404, "not_found", "agent_id");
    assertError(
        b.post(
            "/v1/agent_turns",
            Map.of("session_id", sessionA, "input", Map.of("content", "say: intruder"))),
        404,
        "not_found",
        "session_id");

    // A's resources are untouched by all of that.
    JsonNode agentNow = a.get("/v1/agents/" + agentA).expect(200).json();
    assertEquals("agent of a", agentNow.get("name").asText());
    assertEquals("ENABLED", agentNow.get("state").asText());
    assertEquals(etagA, agentNow.get("etag").asText());
    assertEquals(
        List.of(turnA), ids(a.get("/v1/agent_turns?session=" + sessionA).expect(200).json()));

    // B's lists hold B's resources and none of A's.
    assertEquals(List.of(ownedB.agentId()), ids(b.get("/v1/agents").expect(200).json()));
    assertEquals(List.of(ownedB.sessionId()), ids(b.get("/v1/agent_sessions").expect(200).json()));
    assertEquals(List.of(ownedB.turnId()), ids(b.get("/v1/agent_turns").expect(200).json()));
    assertEquals(
        List.of(), ids(b.get("/v1/agent_turns?session=" + sessionA).expect(200).json()));
    // And A's lists none of B's.
    assertEquals(List.of(agentA), ids(a.get("/v1/agents").expect(200).json()));
    assertEquals(List.of(sessionA), ids(a.get("/v1/agent_sessions").expect(200).json()));
    assertEquals(List.of(turnA), ids(a.get("/v1/agent_turns").expect(200).json()));
  }

  @Test
  void anAdminTokenActsInTheWorkspaceNamedByAkuaContextAndAWorkspaceTokenCannot() {
    ApiClient a = turnpike.newWorkspaceClient("context a");
    ApiClient b = turnpike.newWorkspaceClient("context b");
    Owned ownedA = populate(a, "agent in a");

    ApiClient adminInA = turnpike.admin().withHeader("akua-context", a.workspaceId());
    assertEquals(
        "agent in a", adminInA.get("/v1/agents/" + ownedA.agentId()).expect(200).json().get("name").asText());
    assertEquals(
        ownedA.agentId(),
        adminInA.get("/v1/agent_sessions/" + ownedA.sessionId()).expect(200).json().get("agent_id").asText());
    assertEquals(
        "COMPLETED",
        adminInA.get("/v1/agent_turns/" + ownedA.turnId()).expect(200).json().get("state").asText());
    assertEquals(
        3,
        adminInA.get("/v1/agent_turns/" + ownedA.turnId() + "/events").expect(200).json().get("data").size());
    assertEquals(
        3,
        adminInA.get("/v1/agent_sessions/" + ownedA.sessionId() + "/events").expect(200).json().get("data").size());
    assertEquals(List.of(ownedA.agentId()), ids(adminInA.get("/v1/agents").expect(200).json()));
    assertEquals(List.of(ownedA.sessionId()), ids(adminInA.get("/v1/agent_sessions").expect(200).json()));
    assertEquals(List.of(ownedA.turnId()), ids(adminInA.get("/v1/agent_turns").expect(200).json()));

    // What the admin creates with that context lands in A.
    JsonNode made = createAgent(adminInA, "made by admin");
    assertEquals(a.workspaceId(), made.get("workspace_id").asText());
    a.get("/v1/agents/" + made.get("id").asText()).expect(200);

    // Without a context the admin acts in the default workspace, where A's ids do not exist.
    ApiClient admin = turnpike.admin();
    assertError(admin.get("/v1/agents/" + ownedA.agentId()), 404, "not_found", null);
    assertFalse(ids(admin.get("/v1/agents").expect(200).json()).contains(ownedA.agentId()));

    // A workspace token cannot reach into another workspace by naming it.
    ApiClient bInA = b.withHeader("akua-context", a.workspaceId());
    assertError(bInA.get("/v1/agents/" + ownedA.agentId()), 403, "forbidden", null);
    assertError(bInA.get("/v1/agents"), 403, "forbidden", null);
    assertError(
        bInA.post("/v1/agent_sessions", Map.of("agent_id", ownedA.agentId())), 403, "forbidden", null);
    // Naming its own workspace is fine.
    b.withHeader("akua-context", b.workspaceId()).get("/v1/agents").expect(200);

    // An admin naming a workspace that does not exist is told so.
    assertError(
        turnpike.admin().withHeader("akua-context", "ws_doesnotexist").get("/v1/agents"),
        404,
        "not_found",
        null);
  }

  @Test
  void requestsWithoutAValidBearerTokenAreUnauthorizedButHealthIsOpen() {
    ApiClient anonymous = new ApiClient(turnpike.url(), null);
    ApiClient.Response noToken = anonymous.get("/v1/agents");
    assertError(noToken, 401, "unauthorized", null);
    assertEquals("Bearer", noToken.header("WWW-Authenticate"), "the 401 names the scheme to use");
    assertError(anonymous.post("/v1/agents", Map.of("name", "n", "instructions", "i")), 401, "unauthorized", null);
    assertError(anonymous.get("/v1/agent_turns"), 401, "unauthorized", null);
    assertError(anonymous.post("/v1/workspaces", Map.of("name", "x")), 401, "unauthorized", null);

    assertError(new ApiClient(turnpike.url(), "sk_tp_not_a_real_token").get("/v1/agents"), 401, "unauthorized", null);
    assertError(
        anonymous.withHeader("Authorization", "Basic dXNlcjpwYXNz").get("/v1/agents"),
        401,
        "unauthorized",
        null);
    assertError(anonymous.withHeader("Authorization", "Bearer ").get("/v1/agents"), 401, "unauthorized", null);
    // A valid token with the wrong scheme is still refused.
    ApiClient ws = turnpike.newWorkspaceClient("schemes");
    String secret = turnpike.adminToken();
    assertError(
        anonymous.withHeader("Authorization", "Token " + secret).get("/v1/agents"),
        401,
        "unauthorized",
        null);
    ws.get("/v1/agents").expect(200);

    ApiClient.Response health = anonymous.get("/health");
    assertEquals(200, health.status(), health.body());
    assertEquals("ok", health.json().get("status").asText());
  }

  @Test
  void onlyAnAdminTokenCreatesWorkspacesAndTokensAndASecretIsShownOnlyOnce() {
    ApiClient ws = turnpike.newWorkspaceClient("not admin");
    assertError(ws.post("/v1/workspaces", Map.of("name", "mine now")), 403, "forbidden", null);
    assertError(
        ws.post("/v1/api_tokens", Map.of("workspace_id", ws.workspaceId(), "name", "extra")),
        403,
        "forbidden",
        null);

    ApiClient admin = turnpike.admin();
    JsonNode workspace = admin.post("/v1/workspaces", Map.of("name", "secrets")).expect(201).json();
    String workspaceId = workspace.get("id").asText();
    assertTrue(workspaceId.startsWith("ws_"), workspace::toString);
    assertEquals("secrets", workspace.get("name").asText());

    JsonNode token =
        admin
            .post("/v1/api_tokens", Map.of("workspace_id", workspaceId, "name", "ci"))
            .expect(201)
            .json();
    String secret = token.get("token").asText();
    String tokenId = token.get("id").asText();
    assertFalse(secret.isBlank(), token::toString);
    assertNotEquals(secret, tokenId, "the token's id is not its secret");
    assertEquals(workspaceId, token.get("workspace_id").asText());

    // The new token works, in its workspace only, and no later response carries its secret.
    ApiClient client = new ApiClient(turnpike.url(), secret, workspaceId);
    List<ApiClient.Response> later = new ArrayList<>();
    ApiClient.Response agentCreated =
        client.post("/v1/agents", Map.of("name", "by ci", "instructions", "i")).expect(201);
    later.add(agentCreated);
    JsonNode agent = agentCreated.json();
    assertEquals(workspaceId, agent.get("workspace_id").asText());
    assertEquals(tokenId, agent.get("created_by").asText(), "created_by names the token, not its secret");
    String agentId = agent.get("id").asText();
    ApiClient.Response sessionCreated = client.post("/v1/agent_sessions", Map.of("agent_id", agentId)).expect(201);
    later.add(sessionCreated);
    String sessionId = sessionCreated.json().get("id").asText();
    String turnId = submitTurn(client, sessionId, "say: hi").get("id").asText();
    awaitTurnFinished(client, turnId);
    later.add(client.get("/v1/agents/" + agentId).expect(200));
    later.add(client.get("/v1/agents").expect(200));
    later.add(client.get("/v1/agent_sessions/" + sessionId).expect(200));
    later.add(client.get("/v1/agent_turns/" + turnId).expect(200));
    later.add(client.get("/v1/agent_sessions/" + sessionId + "/events").expect(200));
    later.add(client.get("/v1/workspaces/" + workspaceId).expect(200));
    later.add(admin.get("/v1/workspaces/" + workspaceId).expect(200));
    for (ApiClient.Response r : later) {
      assertFalse(r.body().contains(secret), "the secret leaked into a later response: " + r.body());
      r.headers().values().forEach(v -> assertFalse(v.toString().contains(secret), "secret in a header"));
    }

    // A second token for the same workspace has another secret; both work.
    String other =
        admin
            .post("/v1/api_tokens", Map.of("workspace_id", workspaceId, "name", "ci 2"))
            .expect(201)
            .json()
            .get("token")
            .asText();
    assertNotEquals(secret, other);
    assertEquals(
        List.of(agentId), ids(new ApiClient(turnpike.url(), other).get("/v1/agents").expect(200).json()));
    // A token for a workspace that does not exist is refused.
    assertError(
        admin.post("/v1/api_tokens", Map.of("workspace_id", "ws_nope", "name", "x")),
        404,
        "not_found",
        "workspace_id");
  }
}
