package dev.turnpike.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.agent.AgentFields;
import dev.turnpike.activities.runner.RunnerRegistry;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import dev.turnpike.workflows.json.TurnpikeJson;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates agent bodies and fills the seeds' nested objects (model_policy, ambient) so that every
 * documented field is present on the agent, null or empty when not given.
 */
@Singleton
public class AgentFieldsReader {
  private static final Set<String> CAPABILITIES = Set.of("CHAT", "CODING", "AMBIENT");
  private static final int NAME_MAX = 200;
  private static final int DESCRIPTION_MAX = 2_000;
  private static final int INSTRUCTIONS_MAX = 100_000;
  private static final long MAX_APPROVAL_TIMEOUT_SECONDS = 30L * 24 * 3600;
  private final RunnerRegistry runners;

  public AgentFieldsReader(RunnerRegistry runners) {
    this.runners = runners;
  }

  public AgentFields forCreate(String body) {
    AgentRequest r = JsonBody.read(body, AgentRequest.class);
    return new AgentFields(
        Fields.required(r.name(), "name", NAME_MAX),
        true,
        Fields.maxLength(r.description(), "description", DESCRIPTION_MAX),
        Fields.required(r.instructions(), "instructions", INSTRUCTIONS_MAX),
        capabilities(r.capabilities() == null ? List.of("CHAT") : r.capabilities()),
        modelPolicy(r.modelPolicy()),
        ambient(r.ambient()),
        runner(r.runner()),
        approvalTimeout(r.approvalTimeoutSeconds()));
  }

  public AgentFields forUpdate(String body) {
    ObjectNode node = JsonBody.object(body);
    AgentRequest r = JsonBody.convert(node, AgentRequest.class);
    return new AgentFields(
        Fields.optional(r.name(), "name", NAME_MAX),
        node.has("description"),
        Fields.maxLength(r.description(), "description", DESCRIPTION_MAX),
        Fields.optional(r.instructions(), "instructions", INSTRUCTIONS_MAX),
        r.capabilities() == null ? null : capabilities(r.capabilities()),
        node.hasNonNull("model_policy") ? modelPolicy(r.modelPolicy()) : null,
        node.hasNonNull("ambient") ? ambient(r.ambient()) : null,
        node.hasNonNull("runner") ? runner(r.runner()) : null,
        approvalTimeout(r.approvalTimeoutSeconds()));
  }

  /** Seconds an approval request waits before it expires: 1 s to 30 days; null keeps the default. */
  private static Integer approvalTimeout(Long seconds) {
    if (seconds == null) {
      return null;
    }
    if (seconds < 1 || seconds > MAX_APPROVAL_TIMEOUT_SECONDS) {
      throw ApiException.invalid(
          "approval_timeout_seconds must be from 1 to " + MAX_APPROVAL_TIMEOUT_SECONDS + ".",
          "approval_timeout_seconds");
    }
    return seconds.intValue();
  }

  private static JsonNode capabilities(List<String> values) {
    ArrayNode out = TurnpikeJson.mapper().createArrayNode();
    for (String v : values) {
      if (v == null || !CAPABILITIES.contains(v)) {
        throw ApiException.invalid(
            "capabilities may hold only CHAT, CODING and AMBIENT.", "capabilities");
      }
      if (!containsText(out, v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean containsText(ArrayNode array, String value) {
    for (JsonNode n : array) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode modelPolicy(JsonNode given) {
    ObjectNode policy = objectOrEmpty(given, "model_policy");
    defaults(
        policy,
        "model_policy",
        Map.of(
            "default_model", Kind.STRING,
            "credential_secret_id", Kind.STRING,
            "allowed_models", Kind.STRING_ARRAY,
            "severity_model_overrides", Kind.ARRAY,
            "max_budget_cents", Kind.NUMBER,
            "max_turn_budget_cents", Kind.NUMBER));
    return policy;
  }

  private static JsonNode ambient(JsonNode given) {
    ObjectNode ambient = objectOrEmpty(given, "ambient");
    defaults(ambient, "ambient", Map.of("enabled", Kind.BOOLEAN, "triggers", Kind.ARRAY));
    if (!ambient.hasNonNull("enabled")) {
      ambient.put("enabled", false);
    }
    ObjectNode policy = objectOrEmpty(ambient.get("policy"), "ambient.policy");
    defaults(
        policy,
        "ambient.policy",
        Map.of(
            "allowed_resource_scopes", Kind.ARRAY,
            "max_spend_cents_per_trigger", Kind.NUMBER));
    ambient.set("policy", policy);
    return ambient;
  }

  private JsonNode runner(JsonNode given) {
    ObjectNode runner = objectOrEmpty(given, "runner");
    JsonNode type = runner.get("type");
    if (type == null || type.isNull()) {
      runner.put("type", "scripted");
    } else if (!type.isTextual() || !runners.knows(type.asText())) {
      throw new ApiException(
          io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY,
          "unknown_runner",
          "runner.type must name an installed runner (e.g. 'scripted').",
          "runner.type");
    }
    try {
      runners.find(runner.get("type").asText()).orElseThrow().validate(runner);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY,
          "invalid_runner_config",
          e.getMessage(),
          "runner");
    }
    return runner;
  }

  private enum Kind {
    STRING,
    NUMBER,
    BOOLEAN,
    ARRAY,
    STRING_ARRAY
  }

  private static ObjectNode objectOrEmpty(JsonNode given, String param) {
    if (given == null || given.isNull()) {
      return TurnpikeJson.mapper().createObjectNode();
    }
    if (!given.isObject()) {
      throw ApiException.invalid("Field '" + param + "' must be an object.", param);
    }
    return ((ObjectNode) given).deepCopy();
  }

  /** Checks the known keys' types and adds the missing ones (null, or [] for arrays). */
  private static void defaults(ObjectNode node, String prefix, Map<String, Kind> keys) {
    for (Map.Entry<String, Kind> key : keys.entrySet()) {
      JsonNode v = node.get(key.getKey());
      String param = prefix + "." + key.getKey();
      if (v == null || v.isNull()) {
        boolean array = key.getValue() == Kind.ARRAY || key.getValue() == Kind.STRING_ARRAY;
        if (array) {
          node.putArray(key.getKey());
        } else {
          node.putNull(key.getKey());
        }
        continue;
      }
      boolean ok =
          switch (key.getValue()) {
            case STRING -> v.isTextual();
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case ARRAY -> v.isArray();
            case STRING_ARRAY -> v.isArray() && allText(v);
          };
      if (!ok) {
        throw ApiException.invalid(
            "Field '" + param + "' must be " + key.getValue().name().toLowerCase().replace('_', ' ')
                + ".",
            param);
      }
    }
  }

  private static boolean allText(JsonNode array) {
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      if (!it.next().isTextual()) {
        return false;
      }
    }
    return true;
  }
}
