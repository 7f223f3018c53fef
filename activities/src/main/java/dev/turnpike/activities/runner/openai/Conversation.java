package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.openai.ChatReply.ToolCall;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat so far, rebuilt from events alone, so nothing but PostgreSQL holds the loop's state:
 * the agent's instructions, the session's earlier messages, then this turn's events. In this
 * turn, one model reply is an optional assistant {@code message.created} followed by its
 * {@code tool_call.started} events (the runner writes them together); each {@code
 * tool_call.completed} becomes a tool message.
 *
 * <p>It also numbers the turn's <em>actions</em>: each model reply and each finished tool call
 * is one. The next action's number is the runner's position, so event ids, approval request ids
 * and the decision a step resumes with all follow from the events, whichever attempt runs.
 */
final class Conversation {
  private static final Set<String> ROLES = Set.of("user", "assistant", "system");

  private final ArrayNode messages = TurnpikeJson.mapper().createArrayNode();
  /** The last reply's tool calls that have no completion yet, by id, in the model's order. */
  private final Map<String, ToolCall> pending = new LinkedHashMap<>();
  private final Set<String> callIds = new HashSet<>();
  private ObjectNode openReply;
  private boolean answered;
  private int replies;
  private int actions;

  private Conversation() {}

  static Conversation rebuild(String instructions, List<Event> history, List<Event> thisTurn) {
    Conversation c = new Conversation();
    if (instructions != null && !instructions.isBlank()) {
      c.messages.add(EventData.message("system", instructions));
    }
    for (Event e : history) {
      c.addEarlierMessage(e.data());
    }
    for (Event e : thisTurn) {
      switch (e.type()) {
        case EventTypes.MESSAGE_CREATED -> c.addMessage(e.data());
        case EventTypes.TOOL_CALL_STARTED -> c.addToolCall(e.data());
        case EventTypes.TOOL_CALL_COMPLETED -> c.addToolResult(e.data());
        default -> {
          // approvals, progress and the like are not part of the chat
        }
      }
    }
    return c;
  }

  private void addEarlierMessage(JsonNode data) {
    String role = data.path("role").asText("");
    if (ROLES.contains(role) && data.path("content").isTextual()) {
      messages.add(EventData.message(role, data.get("content").asText()));
    }
  }

  private void addMessage(JsonNode data) {
    int before = messages.size();
    addEarlierMessage(data);
    boolean reply = messages.size() > before && data.path("role").asText("").equals("assistant");
    openReply = reply ? (ObjectNode) messages.get(before) : null;
    answered = reply;
    if (reply) {
      replies++;
      actions++;
    }
  }

  private void addToolCall(JsonNode data) {
    if (openReply == null) {
      openReply = EventData.object().put("role", "assistant").putNull("content");
      messages.add(openReply);
      replies++;
      actions++;
    }
    ToolCall call =
        new ToolCall(
            data.path("tool_call_id").asText(),
            data.path("name").asText(),
            data.path("arguments").asText("{}"));
    ArrayNode calls =
        openReply.has("tool_calls")
            ? (ArrayNode) openReply.get("tool_calls")
            : openReply.putArray("tool_calls");
    ObjectNode wire = calls.addObject().put("id", call.id()).put("type", "function");
    wire.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    pending.put(call.id(), call);
    callIds.add(call.id());
    answered = false;
  }

  private void addToolResult(JsonNode data) {
    String id = data.path("tool_call_id").asText();
    messages.add(
        EventData.object()
            .put("role", "tool")
            .put("tool_call_id", id)
            .put("content", data.path("output").asText("")));
    pending.remove(id);
    openReply = null;
    actions++;
  }

  /** The messages of a chat completions request. */
  ArrayNode messages() {
    return messages;
  }

  /** The calls of the last reply still to run (or to refuse), in order. */
  List<ToolCall> pendingCalls() {
    return new ArrayList<>(pending.values());
  }

  /** True once this turn's last reply was an answer without tool calls: the turn is done. */
  boolean answered() {
    return answered;
  }

  /** True if this turn already has a tool call with this id. */
  boolean hasCallId(String id) {
    return callIds.contains(id);
  }

  /** How many model replies this turn has had. */
  int replies() {
    return replies;
  }

  /** The number of the next action: replies plus finished tool calls so far. */
  int nextAction() {
    return actions;
  }
}
