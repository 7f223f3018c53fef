package dev.turnpike.activities.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent's writable fields, already validated. On create every field is set; on update a null
 * field (or null approvalTimeoutSeconds) is left as it is, except {@code description}, which {@code descriptionSet} governs.
 */
public record AgentFields(
    String name,
    boolean descriptionSet,
    String description,
    String instructions,
    JsonNode capabilities,
    JsonNode modelPolicy,
    JsonNode ambient,
    JsonNode runner,
    Integer approvalTimeoutSeconds) {}
