package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.RunnerContext.Emission;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.turn.Failure;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The built-in deterministic runner: follows the turn's input line by line. The position is the
 * index of the next line to run. See docs/runners.md for the script language.
 */
@Singleton
public class ScriptedRunner implements Runner {
  public static final String TYPE = "scripted";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public StepResult run(RunnerContext context) throws InterruptedException {
    String[] lines = context.turn().input().content().split("\\R", -1);
    for (int i = context.position(); i < lines.length; i++) {
      ScriptLine line = ScriptLine.parse(lines[i]);
      if (line == null) {
        context.checkpoint(i + 1);
        continue;
      }
      switch (line.directive()) {
        case "say" -> context.emit(i, List.of(message(line.argument())));
        case "tool" -> context.emit(i, toolCall(context, i, line.argument()));
        case "progress" -> context.emit(i, List.of(progress(line)));
        case "artifact" -> context.emit(i, List.of(artifact(context, i, line.argument())));
        case "sleep" -> context.sleep(Long.parseLong(line.argument()), i);
        case "approval" -> {
          ApprovalDecision decision = context.decisionAt(i);
          if (decision == null) {
            return StepResult.needsApproval(
                i, context.askApproval(i, line.argument(), approvalDetails(i, line)));
          }
          String verdict = decision.approved() ? "approved: " : "rejected: ";
          context.emitAfterDecision(i, List.of(message(verdict + line.argument())));
          if (!decision.approved()) {
            return StepResult.done(lines.length);
          }
        }
        case "spawn" -> {
          ChildOutcome child = context.childAt(i);
          if (child == null) {
            int colon = line.argument().indexOf(':');
            String role = line.argument().substring(0, colon).strip();
            String script = line.argument().substring(colon + 1).strip().replace("\\n", "\n");
            return StepResult.spawned(i, context.spawn(i, role, script));
          }
          context.emitAfterDecision(i, List.of(childAnswer(context, child)));
        }
        case "recall" -> context.emit(i, List.of(recall(context.history())));
        case "fail" -> {
          return StepResult.failed(i + 1, new Failure(Failure.RUNNER_ERROR, line.argument()));
        }
        default -> context.emit(i, List.of(message("echo: " + line.raw())));
      }
      context.checkpoint(i + 1);
    }
    return StepResult.done(lines.length);
  }

  /** The sub-agent's final message, or what became of it when it wrote none. */
  private static Emission childAnswer(RunnerContext context, ChildOutcome child) {
    String content =
        context
            .finalMessage(child.turnId())
            .orElse("(sub-agent " + child.state().name().toLowerCase() + " without a message)");
    return new Emission(
        EventTypes.MESSAGE_CREATED,
        EventData.message("assistant", content)
            .put("spawned_session_id", child.sessionId())
            .put("spawned_turn_id", child.turnId())
            .put("spawned_turn_state", child.state().name()));
  }

  /** What the runner knows of the session before this turn: how many messages, and the last. */
  private static Emission recall(List<Event> history) {
    String last = history.isEmpty() ? "" : history.getLast().data().path("content").asText();
    return message("recall: " + history.size() + " earlier messages; last: " + last);
  }

  private static JsonNode approvalDetails(int line, ScriptLine script) {
    return EventData.object().put("script_line", line + 1).put("text", script.raw());
  }

  private static Emission message(String content) {
    return new Emission(EventTypes.MESSAGE_CREATED, EventData.message("assistant", content));
  }

  private static List<Emission> toolCall(RunnerContext context, int line, String argument) {
    String[] parts = argument.split("\\s+", 2);
    String name = parts[0];
    String arguments = parts.length > 1 ? parts[1] : "";
    String callId = Ids.derived("call_", context.turn().id(), Integer.toString(line));
    return List.of(
        new Emission(
            EventTypes.TOOL_CALL_STARTED,
            EventData.object()
                .put("tool_call_id", callId)
                .put("name", name)
                .put("arguments", arguments)),
        new Emission(
            EventTypes.TOOL_CALL_COMPLETED,
            EventData.object()
                .put("tool_call_id", callId)
                .put("name", name)
                .put("status", "succeeded")
                .put("output", "scripted " + name + " finished")));
  }

  private static Emission progress(ScriptLine line) {
    String[] parts = line.argument().split("\\s+", 2);
    return new Emission(
        EventTypes.PROGRESS_UPDATED,
        EventData.object()
            .put("percent", Integer.parseInt(parts[0]))
            .put("message", parts.length > 1 ? parts[1] : ""));
  }

  private static Emission artifact(RunnerContext context, int line, String name) {
    String body =
        "Artifact '" + name + "' written by turn " + context.turn().id() + " at script line "
            + (line + 1) + ".\n";
    return new Emission(
        EventTypes.ARTIFACT_CREATED,
        EventData.object()
            .put("artifact_id", Ids.derived("art_", context.turn().id(), Integer.toString(line)))
            .put("name", name)
            .put("kind", "file")
            .put("media_type", "text/plain")
            .put("size_bytes", body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .put("content", body));
  }
}
