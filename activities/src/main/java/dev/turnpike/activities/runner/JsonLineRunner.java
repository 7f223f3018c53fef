package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.RunnerContext.Emission;
import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.turn.Failure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Runners that speak the JSON-lines protocol (docs/runners.md): each step sends the turn as one
 * JSON object and reads back one JSON object per line. Subclasses say where lines come from (a
 * local process, an HTTP response); this class turns them into events, approvals and results.
 */
abstract class JsonLineRunner implements Runner {
  /** How often a step heartbeats while its lines come in (a heartbeat carries cancellation). */
  static final long HEARTBEAT_MILLIS = 250;

  static final Set<String> EVENT_TYPES =
      Set.of(
          EventTypes.MESSAGE_CREATED,
          EventTypes.PROGRESS_UPDATED,
          EventTypes.ARTIFACT_CREATED,
          EventTypes.TOOL_CALL_STARTED,
          EventTypes.TOOL_CALL_COMPLETED,
          EventTypes.WIDGET_CREATED);

  /** What one step's source of lines ended with. */
  record Ending(Failure failure) {
    static final Ending OK = new Ending(null);
  }

  /** Produces the step's lines into {@code lines}, heartbeating; returns how it ended. */
  abstract Ending produce(RunnerContext context, JsonNode input, LineSink lines)
      throws InterruptedException;

  @Override
  public StepResult run(RunnerContext context) throws InterruptedException {
    int position = context.position();
    ApprovalDecision decision = position > 0 ? context.decisionAt(position - 1) : null;
    LineSink lines = new LineSink(context, position);
    Ending ending = produce(context, input(context, position, decision), lines);
    if (ending.failure() != null) {
      return StepResult.failed(position, ending.failure());
    }
    if (lines.approval != null) {
      return StepResult.needsApproval(position + 1, lines.approval);
    }
    return lines.failure != null
        ? StepResult.failed(position, lines.failure)
        : StepResult.done(position + 1);
  }

  /** The step's input: the turn, where it stands, the decision it waited for, the history. */
  static JsonNode input(RunnerContext context, int position, ApprovalDecision decision) {
    ObjectNode in =
        EventData.object()
            .put("turn_id", context.turn().id())
            .put("session_id", context.turn().sessionId())
            .put("agent_id", context.turn().agentId())
            .put("step", position)
            .put("instructions", context.agent().instructions());
    in.putObject("input").put("content", context.turn().input().content());
    in.set("decision", decision == null ? null : TurnpikeJson.mapper().valueToTree(decision));
    ArrayNode history = in.putArray("history");
    for (Event e : context.history()) {
      history.add(e.data());
    }
    return in;
  }

  /** Turns each line into an event, an approval request, or a warning; never throws. */
  static final class LineSink {
    private final RunnerContext context;
    private final int position;
    private int line;
    private volatile boolean closed;
    ApprovalAsk approval;
    Failure failure;

    LineSink(RunnerContext context, int position) {
      this.context = context;
      this.position = position;
    }

    /**
     * Feeds every line of {@code in} to {@link #accept} until it ends or a line ends the step;
     * true in the second case. A broken stream throws.
     */
    boolean drain(InputStream in) throws IOException {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!accept(line)) {
            return true;
          }
        }
        return false;
      }
    }

    /** Takes no more lines: the step was cancelled or timed out; what follows is not its output. */
    void close() {
      closed = true;
    }

    /** True while the source should keep going (no approval asked, no failure reported). */
    boolean accept(String text) {
      if (closed) {
        return false;
      }
      int n = line++;
      if (text.isBlank()) {
        return true;
      }
      JsonNode json;
      try {
        json = TurnpikeJson.mapper().readTree(text);
      } catch (Exception e) {
        warn(n, "is not JSON");
        return true;
      }
      String type = json.path("type").asText("");
      switch (type) {
        case "approval_request" -> {
          String action = json.path("action").asText("");
          if (action.isBlank()) {
            warn(n, "asks for approval without an action");
            return true;
          }
          JsonNode details = json.path("details").isObject() ? json.get("details") : EventData.object();
          approval = context.askApproval(position, action, details);
          return false;
        }
        case "failed" -> {
          failure = new Failure(Failure.RUNNER_ERROR, json.path("message").asText("runner failed"));
          return false;
        }
        default -> {
          if (!EVENT_TYPES.contains(type) || !json.path("data").isObject()) {
            warn(n, "has no known event type and data object");
            return true;
          }
          context.emitLine(position, n, new Emission(type, json.get("data")));
          return true;
        }
      }
    }

    private void warn(int n, String problem) {
      context.emitLine(
          position,
          n,
          new Emission(
              EventTypes.PROGRESS_UPDATED,
              EventData.object()
                  .putNull("percent")
                  .put("warning", true)
                  .put("message", "runner output line " + (n + 1) + " " + problem + "; skipped")));
    }
  }
}
