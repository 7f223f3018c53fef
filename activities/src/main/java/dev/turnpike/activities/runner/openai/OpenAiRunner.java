package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.Runner;
import dev.turnpike.activities.runner.RunnerContext;
import dev.turnpike.activities.runner.RunnerContext.Emission;
import dev.turnpike.activities.runner.openai.ChatReply.ToolCall;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.turn.Failure;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs an agent on any OpenAI-compatible {@code /v1/chat/completions} endpoint with the built-in
 * sandbox tools (docs/runners.md). One step calls the model and runs tools until the model
 * answers, a gated tool call needs approval, or the turn fails. The conversation is rebuilt from
 * the events at every turn of the loop, so a retried or resumed step carries on from PostgreSQL.
 */
@Singleton
public class OpenAiRunner implements Runner {
  public static final String TYPE = "openai";
  private static final int ACTION_TEXT_CAP = 500;

  private final EventStore events;
  private final Db db;
  private final Secrets secrets;
  private final PriceTable prices;
  private final ChatCompletionsClient client = new ChatCompletionsClient();

  public OpenAiRunner(EventStore events, Db db, Secrets secrets, PriceTable prices) {
    this.events = events;
    this.db = db;
    this.secrets = secrets;
    this.prices = prices;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode runnerBlock) {
    OpenAiConfig.read(runnerBlock);
  }

  @Override
  public StepResult run(RunnerContext context) throws InterruptedException {
    OpenAiConfig config;
    try {
      config = OpenAiConfig.read(context.agent().runner());
    } catch (IllegalArgumentException e) {
      return StepResult.failed(
          context.position(), new Failure("invalid_runner_config", e.getMessage()));
    }
    String model = model(context);
    if (model == null) {
      return StepResult.failed(context.position(), new Failure("model_missing",
          "the turn names no model and the agent's model_policy has no default_model"));
    }
    Optional<String> apiKey = secrets.find(config.secret());
    if (apiKey.isEmpty()) {
      return StepResult.failed(context.position(), new Failure("secret_missing",
          "secret '" + config.secret() + "' is not set on the worker (environment variable "
              + Secrets.environmentVariable(config.secret()) + " or property turnpike.secrets."
              + config.secret() + ")"));
    }
    List<Event> history = context.history();
    while (true) {
      Conversation chat =
          Conversation.rebuild(context.agent().instructions(), history, thisTurn(context.turn()));
      int action = chat.nextAction();
      if (chat.answered()) {
        return StepResult.done(action);
      }
      List<ToolCall> pending = chat.pendingCalls();
      StepResult stop =
          pending.isEmpty()
              ? callModel(context, config, model, apiKey.get(), chat, action)
              : runOrAsk(context, config, pending.getFirst(), action, apiKey.get());
      if (stop != null) {
        return stop;
      }
      context.checkpoint(action + 1);
    }
  }

  /**
   * Runs a pending call, or refuses it if its approval was rejected or expired; null when done.
   * A gated call without a decision yet asks for one, and the step stops there.
   */
  private StepResult runOrAsk(
      RunnerContext context, OpenAiConfig config, ToolCall call, int action, String apiKey)
      throws InterruptedException {
    ToolResult result;
    if (config.gated(call.name())) {
      ApprovalDecision decision = context.decisionAt(action);
      if (decision == null) {
        return StepResult.needsApproval(
            action + 1, context.askApproval(action, actionText(call), approvalDetails(call)));
      }
      result = decision.approved() ? runTool(context, call, action, apiKey) : ToolResult.REJECTED;
    } else {
      result = runTool(context, call, action, apiKey);
    }
    context.emit(action, List.of(completed(call, result)));
    return null;
  }

  /** Asks the model for its next reply and writes it; null while it asks for tools. */
  private StepResult callModel(
      RunnerContext context, OpenAiConfig config, String model, String apiKey,
      Conversation chat, int action) throws InterruptedException {
    if (chat.replies() >= config.maxSteps()) {
      return StepResult.failed(action, new Failure("max_steps_exceeded",
          "the model asked for more than runner.max_steps (" + config.maxSteps() + ") replies"));
    }
    ChatReply reply;
    try {
      reply = client.complete(config.baseUrl(), apiKey, request(model, chat, config),
          new ProgressTicker(context, action, config.stream()));
    } catch (ProviderRefused e) {
      return StepResult.failed(action, new Failure("provider_error", e.getMessage()));
    }
    // Usage before events: a crash between the two makes a retry call the model again,
    // and that call is billed too; the other order could lose a billed call.
    recordUsage(context.turn(), model, reply);
    context.emit(action, replyEvents(context.turn(), chat, action, reply, apiKey));
    return reply.toolCalls().isEmpty() ? StepResult.done(action + 1) : null;
  }

  private static String model(RunnerContext context) {
    String model = context.turn().model();
    if (model == null || model.isBlank()) {
      JsonNode fallback = context.agent().modelPolicy().path("default_model");
      model = fallback.isTextual() && !fallback.asText().isBlank() ? fallback.asText() : null;
    }
    return model;
  }

  /** This turn's events, oldest first. */
  private List<Event> thisTurn(Turn turn) {
    List<Event> all = new ArrayList<>();
    Long after = null;
    while (true) {
      PageRequest next = new PageRequest(PageRequest.MAX_LIMIT, after);
      List<Event> page = events.listByTurn(turn.workspaceId(), turn.id(), next).data();
      all.addAll(page);
      if (page.size() < PageRequest.MAX_LIMIT) {
        return all;
      }
      after = page.getLast().sequence();
    }
  }

  private static ObjectNode request(String model, Conversation chat, OpenAiConfig config) {
    ObjectNode body = EventData.object().put("model", model);
    body.set("messages", chat.messages());
    body.set("tools", SandboxTools.definitions());
    if (config.stream()) {
      body.put("stream", true).putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  private ToolResult runTool(RunnerContext context, ToolCall call, int action, String apiKey)
      throws InterruptedException {
    ToolResult result = SandboxTools.run(call, context.sandbox(), () -> context.checkpoint(action));
    return new ToolResult(result.status(), ChatCompletionsClient.redact(result.output(), apiKey));
  }

  private void recordUsage(Turn turn, String model, ChatReply reply) {
    ObjectNode usage =
        EventData.object()
            .put("provider_token_count", reply.usage().totalTokens())
            .put("provider_cost_cents", prices.costCents(model, reply.usage()))
            .put("api_call_count", 1);
    db.write(
        c -> {
          UsageSummary.addTo(c, "turns", turn.workspaceId(), turn.id(), usage);
          return null;
        });
  }

  /** The reply's text as an assistant message, then each tool call it asks for, started. */
  private static List<Emission> replyEvents(
      Turn turn, Conversation chat, int action, ChatReply reply, String apiKey) {
    List<Emission> out = new ArrayList<>();
    if (reply.content() != null && !reply.content().isEmpty()) {
      out.add(new Emission(EventTypes.MESSAGE_CREATED,
          EventData.message("assistant", ChatCompletionsClient.redact(reply.content(), apiKey))));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < reply.toolCalls().size(); i++) {
      ToolCall call = reply.toolCalls().get(i);
      String id = call.id();
      // The ids tie results to calls: make them unique in the turn if the provider did not.
      if (id.isBlank() || chat.hasCallId(id) || ids.contains(id)) {
        id = Ids.derived("call_", turn.id(), "p" + action, Integer.toString(i));
      }
      ids.add(id);
      out.add(new Emission(EventTypes.TOOL_CALL_STARTED,
          EventData.object()
              .put("tool_call_id", id)
              .put("name", call.name())
              .put("arguments", call.arguments())));
    }
    return out;
  }

  private static Emission completed(ToolCall call, ToolResult result) {
    return new Emission(EventTypes.TOOL_CALL_COMPLETED,
        EventData.object()
            .put("tool_call_id", call.id())
            .put("name", call.name())
            .put("status", result.status())
            .put("output", result.output()));
  }

  /** What the approver reads: {@code run_command: <argv>}, {@code write_file: <path>}, … */
  private static String actionText(ToolCall call) {
    String what = call.arguments();
    try {
      JsonNode args = TurnpikeJson.mapper().readTree(call.arguments());
      if (args.path("argv").isArray()) {
        List<String> argv = new ArrayList<>();
        args.get("argv").forEach(a -> argv.add(a.asText()));
        what = String.join(" ", argv);
      } else if (args.path("path").isTextual()) {
        what = args.get("path").asText();
      }
    } catch (Exception e) {
      // unreadable arguments: show them as sent
    }
    String text = call.name() + ": " + what;
    return text.length() > ACTION_TEXT_CAP ? text.substring(0, ACTION_TEXT_CAP) + "…" : text;
  }

  private static JsonNode approvalDetails(ToolCall call) {
    return EventData.object()
        .put("tool_call_id", call.id())
        .put("name", call.name())
        .put("arguments", call.arguments());
  }
}
