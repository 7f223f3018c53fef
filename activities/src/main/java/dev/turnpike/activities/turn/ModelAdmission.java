package dev.turnpike.activities.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.store.ResourceException;

/** Picks a turn's model from the request and the agent's model_policy. */
final class ModelAdmission {
  private ModelAdmission() {}

  static String resolve(JsonNode policy, String requested) {
    String model = requested;
    if (model == null && policy.hasNonNull("default_model")) {
      model = policy.get("default_model").asText();
    }
    JsonNode allowed = policy.path("allowed_models");
    if (model != null && allowed.isArray() && !allowed.isEmpty()) {
      for (JsonNode m : allowed) {
        if (model.equals(m.asText())) {
          return model;
        }
      }
      throw new ResourceException(
          ResourceException.Kind.UNPROCESSABLE,
          "model_not_allowed",
          "Model '" + model + "' is not in the agent's model_policy.allowed_models.",
          "model");
    }
    return model;
  }
}
