package dev.turnpike.activities.event;

import com.fasterxml.jackson.databind.JsonNode;

/** An event to append; its id is derived by the writer so that a retry rewrites nothing. */
public record NewEvent(String id, String type, JsonNode data) {}
