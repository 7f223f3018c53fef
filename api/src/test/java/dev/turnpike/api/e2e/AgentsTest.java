package dev.turnpike.api.e2e;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.fieldNames;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agents (and the sessions made for them): create, read, list, update with etags, archive. */
class AgentsTest {
  static TestTurnpike turnpike;

  static final Set<String> AGENT_FIELDS =
      Set.of(
          "id",
          "workspace_id",
          "organization_id",
          "name",
          "description",
          "instructions",
          "state",
          "origin",
          "capabilities",
          "ambient",
          "model_policy",
          "created_by",
          "usage_summary",
          "created_at",
          "updated_at",
          "etag",
          "runner");
  static final Set<String> USAGE_COUNTERS =
      Set.of(
          "provider_cost_cents",
          "provider_token_count",
          "runtime_compute_seconds",
          "runtime_storage_gb_hours",
          "mcp_call_count",
          "api_call_count",
          "ambient_trigger_count");
  static final Set<String> MODEL_POLICY_FIELDS =
      Set.of(
          "default_model",
          "credential_secret_id",
          "allowed_models",
          "severity_model_overrides",
          "max_budget_cents",
          "max_turn_budget_cents");
  static final Set<String> SESSION_FIELDS =
      Set.of(
          "id",
          "workspace_id",
          "organization_id",
          "agent_id",
          "title",
          "created_by",
          "parent_session_id",
          "forked_from_session_id",
          "spawned_by_turn_id",
          "agent_role",
          "current_sandbox_id",
          "last_event_cursor",
          "events_retained_until",
          "filesystem_retained_until",
          "filesystem_pinned",
          "usage_summary",
          "state",
          "created_at",
          "updated_at",
          "etag");

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  @Test
  void aNewAgentCarriesEveryFieldOfTheAgentObjectWithDefaults() {
    ApiClient api = turnpike.newWorkspaceClient("agent fields");
    long before = Instant.now().getEpochSecond();
    ApiClient.Response r =
        api.post("/v1/agents", Map.of("name", "minimal", "instructions", "Be brief.")).expect(201);
    JsonNode agent = r.json();

    assertTrue(fieldNames(agent).containsAll(AGENT_FIELDS), "every field of the agent object: " + agent);
    assertTrue(agent.get("id").asText().startsWith("agt_"), agent::toString);
    assertEquals(api.workspaceId(), agent.get("workspace_id").asText());
    assertTrue(agent.get("organization_id").isNull(), agent::toString);
    assertEquals("minimal", agent.get("name").asText());
    assertTrue(agent.get("description").isNull(), agent::toString);
    assertEquals("Be brief.", agent.get("instructions").asText());
    assertEquals("ENABLED", agent.get("state").asText());
    assertEquals("USER", agent.get("origin").asText());
    assertTrue(agent.get("capabilities").isArray(), agent::toString);
    for (JsonNode c : agent.get("capabilities")) {
      assertTrue(Set.of("CHAT", "CODING", "AMBIENT").contains(c.asText()), agent::toString);
    }
    JsonNode ambient = agent.get("ambient");
    assertTrue(ambient.isObject(), agent::toString);
    assertFalse(ambient.get("enabled").asBoolean(), "ambient is off unless asked for");
    assertTrue(ambient.get("triggers").isArray(), agent::toString);
    assertTrue(ambient.get("policy").isObject(), agent::toString);
    assertTrue(
        fieldNames(ambient.get("policy"))
            .containsAll(Set.of("allowed_resource_scopes", "max_spend_cents_per_trigger")),
        agent::toString);
    assertTrue(fieldNames(agent.get("model_policy")).containsAll(MODEL_POLICY_FIELDS), agent::toString);
    assertTrue(agent.get("model_policy").get("allowed_models").isArray(), agent::toString);
    assertEquals("scripted", agent.get("runner").get("type").asText(), "the default runner");
    assertTrue(agent.get("created_by").isTextual() && !agent.get("created_by").asText().isBlank());
    JsonNode usage = agent.get("usage_summary");
    assertEquals(USAGE_COUNTERS, fieldNames(usage), "the seven usage counters: " + usage);
    for (String counter : USAGE_COUNTERS) {
      assertEquals(0, usage.get(counter).asLong(), counter);
    }
    long now = Instant.now().getEpochSecond();
    for (String ts : List.of("created_at", "updated_at")) {
      assertTrue(agent.get(ts).isIntegralNumber(), ts + " is an integer: " + agent);
      long v = agent.get(ts).asLong();
      assertTrue(v >= before - 5 && v <= now + 5, ts + " is Unix seconds, now: " + v);
    }
    String etag = agent.get("etag").asText();
    assertFalse(etag.isBlank(), agent::toString);
    assertEquals("\"" + etag + "\"", r.header("ETag"), "the ETag header carries the etag quoted");

    ApiClient.Response got = api.get("/v1/agents/" + agent.get("id").asText()).expect(200);
    assertEquals(agent, got.json(), "GET returns what POST returned");
    assertEquals(r.header("ETag"), got.header("ETag"));
  }

  @Test
  void anAgentKeepsWhatItWasCreatedWith() {
    ApiClient api = turnpike.newWorkspaceClient("agent body");
    JsonNode agent =
        createAgent(
            api,
            Map.of(
                "name", "full",
                "description", "Does everything.",
                "instructions", "Follow the script.",
                "capabilities", List.of("CHAT", "CODING"),
                "model_policy",
                    Map.of(
                        "default_model", "model-a",
                        "allowed_models", List.of("model-a", "model-b"),
                        "max_turn_budget_cents", 50),
                "ambient", Map.of("enabled", true),
                "runner", Map.of("type", "scripted")));
    assertEquals("Does everything.", agent.get("description").asText());
    assertEquals(List.of("CHAT", "CODING"), texts(agent.get("capabilities")));
    JsonNode policy = agent.get("model_policy");
    assertEquals("model-a", policy.get("default_model").asText());
    assertEquals(List.of("model-a", "model-b"), texts(policy.get("allowed_models")));
    assertEquals(50, policy.get("max_turn_budget_cents").asInt());
    assertTrue(fieldNames(policy).containsAll(MODEL_POLICY_FIELDS), "missing keys are filled in: " + policy);
    assertTrue(agent.get("ambient").get("enabled").asBoolean());
    assertEquals("scripted", agent.get("runner").get("type").asText());
    assertEquals(agent, api.get("/v1/agents/" + agent.get("id").asText()).expect(200).json());
  }

  @Test
  void agentsListNewestFirstAndPageByCursor() {
    ApiClient api = turnpike.newWorkspaceClient("agent list");
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      created.add(createAgent(api, "agent " + i).get("id").asText());
    }
    List<String> newestFirst = created.reversed();

    JsonNode all = api.get("/v1/agents").expect(200).json();
    assertEquals(newestFirst, ids(all));
    assertFalse(all.get("has_more").asBoolean());
    assertTrue(all.get("next_cursor").isNull());

    JsonNode first = api.get("/v1/agents?limit=2").expect(200).json();
    assertEquals(newestFirst.subList(0, 2), ids(first));
    assertTrue(first.get("has_more").asBoolean());
    JsonNode second =
        api.get("/v1/agents?limit=2&cursor=" + first.get("next_cursor").asText()).expect(200).json();
    assertEquals(newestFirst.subList(2, 4), ids(second));
    assertEquals(newestFirst, ids(walk(api, "/v1/agents", 2)));
    assertEquals(newestFirst, ids(walk(api, "/v1/agents", 5)), "an exactly full last page ends the list");

    // A cursor stays valid when newer agents arrive: the next page is still the older ones.
    createAgent(api, "agent 6");
    JsonNode again =
        api.get("/v1/agents?limit=2&cursor=" + first.get("next_cursor").asText()).expect(200).json();
    assertEquals(newestFirst.subList(2, 4), ids(again));
  }

  @Test
  void updatingAnAgentNeedsItsCurrentEtag() {
    ApiClient api = turnpike.newWorkspaceClient("agent update");
    JsonNode agent = createAgent(api, "before");
    String id = agent.get("id").asText();
    String etag = agent.get("etag").asText();

    assertError(api.patch("/v1/agents/" + id, Map.of("name", "after")), 428, null, "If-Match");
    assertError(
        api.withHeader("If-Match", "\"not-the-etag\"").patch("/v1/agents/" + id, Map.of("name", "after")),
        412,
        null,
        "If-Match");
    assertEquals("before", api.get("/v1/agents/" + id).expect(200).json().get("name").asText(), "nothing changed");

    // The etag from the body, unquoted.
    ApiClient.Response updated =
        api.withHeader("If-Match", etag)
            .patch("/v1/agents/" + id, Map.of("name", "after", "description", "now described"))
            .expect(200);
    JsonNode after = updated.json();
    assertEquals("after", after.get("name").asText());
    assertEquals("now described", after.get("description").asText());
    assertEquals("Follow the script.", after.get("instructions").asText(), "fields not sent stay");
    assertEquals(agent.get("created_at"), after.get("created_at"));
    assertTrue(after.get("updated_at").asLong() >= agent.get("updated_at").asLong());
    String etag2 = after.get("etag").asText();
    assertNotEquals(etag, etag2, "an update changes the etag");
    assertEquals("\"" + etag2 + "\"", updated.header("ETag"));
    assertEquals(after, api.get("/v1/agents/" + id).expect(200).json());

    // The old etag is stale now.
    assertError(
        api.withHeader("If-Match", etag).patch("/v1/agents/" + id, Map.of("name", "lost update")),
        412,
        null,
        "If-Match");

    // The ETag header's value, quoted, works as is.
    String header = api.get("/v1/agents/" + id).expect(200).header("ETag");
    JsonNode third =
        api.withHeader("If-Match", header)
            .patch(
                "/v1/agents/" + id,
                Map.of("capabilities", List.of("CODING"), "model_policy", Map.of("default_model", "m")))
            .expect(200)
            .json();
    assertEquals(List.of("CODING"), texts(third.get("capabilities")));
    assertEquals("m", third.get("model_policy").get("default_model").asText());
    assertTrue(fieldNames(third.get("model_policy")).containsAll(MODEL_POLICY_FIELDS), third::toString);
    assertEquals("after", third.get("name").asText());
    assertNotEquals(etag2, third.get("etag").asText());

    // description can be cleared with an explicit null.
    JsonNode cleared =
        api.withHeader("If-Match", third.get("etag").asText())
            .patch("/v1/agents/" + id, "{\"description\": null}")
            .expect(200)
            .json();
    assertTrue(cleared.get("description").isNull(), cleared::toString);
    assertEquals("after", cleared.get("name").asText());

    // A bad field in the update is refused and changes nothing.
    assertError(
        api.withHeader("If-Match", cleared.get("etag").asText())
            .patch("/v1/agents/" + id, Map.of("capabilities", List.of("NOPE"))),
        400,
        null,
        "capabilities");
    assertEquals(cleared, api.get("/v1/agents/" + id).expect(200).json());
  }

  @Test
  void anArchivedAgentTakesNoNewSessionsOrTurns() {
    ApiClient api = turnpike.newWorkspaceClient("agent archive");
    JsonNode agent = createAgent(api, "retiring");
    String id = agent.get("id").asText();
    String sessionId = createSession(api, id).get("id").asText();
    String turnId = submitTurn(api, sessionId, "say: last words").get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());

    JsonNode archived = api.post("/v1/agents/" + id + ":archive", null).expect(200).json();
    assertEquals("ARCHIVED", archived.get("state").asText());
    assertNotEquals(agent.get("etag").asText(), archived.get("etag").asText(), "archiving changes the etag");
    assertEquals("ARCHIVED", api.get("/v1/agents/" + id).expect(200).json().get("state").asText());
    // Archiving again changes nothing.
    JsonNode again = api.post("/v1/agents/" + id + ":archive", null).expect(200).json();
    assertEquals("ARCHIVED", again.get("state").asText());
    assertEquals(archived.get("etag"), again.get("etag"));

    assertError(api.post("/v1/agent_sessions", Map.of("agent_id", id)), 409, null, "agent_id");
    assertError(
        api.post(
            "/v1/agent_turns",
            Map.of("session_id", sessionId, "input", Map.of("content", "say: still there?"))),
        409,
        null,
        null);

    // Its history stays readable.
    assertEquals(List.of(turnId), ids(api.get("/v1/agent_turns?session=" + sessionId).expect(200).json()));
    assertEquals(3, api.get("/v1/agent_turns/" + turnId + "/events").expect(200).json().get("data").size());
    assertEquals(List.of(id), ids(api.get("/v1/agents").expect(200).json()), "archived agents are still listed");
  }

  @Test
  void aTurnMayUseOnlyAModelTheAgentsPolicyAllows() {
    ApiClient api = turnpike.newWorkspaceClient("agent models");
    String agentId =
        createAgent(
                api,
                Map.of(
                    "name", "picky",
                    "instructions", "i",
                    "model_policy",
                        Map.of("default_model", "small", "allowed_models", List.of("small", "large"))))
            .get("id")
            .asText();
    String sessionId = createSession(api, agentId).get("id").asText();

    assertError(
        api.post(
            "/v1/agent_turns",
            Map.of("session_id", sessionId, "input", Map.of("content", "say: hi"), "model", "huge")),
        422,
        null,
        "model");
    assertEquals(
        List.of(), ids(api.get("/v1/agent_turns?session=" + sessionId).expect(200).json()), "no turn was written");

    JsonNode large =
        api.post(
                "/v1/agent_turns",
                Map.of("session_id", sessionId, "input", Map.of("content", "say: hi"), "model", "large"))
            .expect(201)
            .json();
    assertEquals("large", large.get("model").asText());
    JsonNode byDefault = submitTurn(api, sessionId, "say: again");
    assertEquals("small", byDefault.get("model").asText(), "no model asked: the policy's default");
    assertEquals("COMPLETED", awaitTurnFinished(api, large.get("id").asText()).get("state").asText());
    assertEquals("COMPLETED", awaitTurnFinished(api, byDefault.get("id").asText()).get("state").asText());
  }

  @Test
  void aNewSessionCarriesEveryFieldOfTheSessionObjectAndSessionsListNewestFirst() {
    ApiClient api = turnpike.newWorkspaceClient("sessions");
    String agentId = createAgent(api, "host").get("id").asText();
    ApiClient.Response r =
        api.post(
                "/v1/agent_sessions",
                Map.of("agent_id", agentId, "title", "Investigate", "agent_role", "reviewer"))
            .expect(201);
    JsonNode session = r.json();
    assertTrue(fieldNames(session).containsAll(SESSION_FIELDS), "every field of the session object: " + session);
    assertTrue(session.get("id").asText().startsWith("ses_"), session::toString);
    assertEquals(api.workspaceId(), session.get("workspace_id").asText());
    assertEquals(agentId, session.get("agent_id").asText());
    assertEquals("Investigate", session.get("title").asText());
    assertEquals("reviewer", session.get("agent_role").asText());
    assertEquals("CREATED", session.get("state").asText());
    assertFalse(session.get("filesystem_pinned").asBoolean());
    assertEquals(USAGE_COUNTERS, fieldNames(session.get("usage_summary")));
    assertTrue(session.get("last_event_cursor").isNull());
    assertEquals("\"" + session.get("etag").asText() + "\"", r.header("ETag"));
    assertEquals(session, api.get("/v1/agent_sessions/" + session.get("id").asText()).expect(200).json());

    String second = createSession(api, agentId).get("id").asText();
    String third = createSession(api, agentId).get("id").asText();
    String first = session.get("id").asText();
    assertEquals(List.of(third, second, first), ids(walk(api, "/v1/agent_sessions", 2)));
    assertEquals(
        List.of(first), ids(api.get("/v1/agent_sessions?agent_role=reviewer").expect(200).json()));
    assertEquals(
        List.of(), ids(api.get("/v1/agent_sessions?parent_session=" + first).expect(200).json()));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
