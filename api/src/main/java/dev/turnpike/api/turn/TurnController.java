package dev.turnpike.api.turn;

import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.turn.MultitaskStrategy;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Etags;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import dev.turnpike.api.http.ListParams;
import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnStart;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Controller("/v1/agent_turns")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TurnController {
  private static final Logger LOG = LoggerFactory.getLogger(TurnController.class);
  static final int CONTENT_MAX = 1_000_000;

  private final TurnStore turns;
  private final TurnSubmitter submitter;
  private final TurnActivitiesImpl lifecycle;
  private final TurnCanceller canceller;

  public TurnController(
      TurnStore turns,
      TurnSubmitter submitter,
      TurnActivitiesImpl lifecycle,
      TurnCanceller canceller) {
    this.turns = turns;
    this.submitter = submitter;
    this.lifecycle = lifecycle;
    this.canceller = canceller;
  }

  /** Answers once the turn row is written and its session workflow has the turn. */
  @Post
  @RequestBody(content = @Content(schema = @Schema(implementation = TurnRequest.class)))
  public HttpResponse<Turn> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable String body) {
    TurnRequest r = JsonBody.read(body, TurnRequest.class);
    String sessionId = Fields.required(r.sessionId(), "session_id", 54);
    if (r.input() == null) {
      throw ApiException.invalid("Field 'input' is required.", "input");
    }
    String content = Fields.required(r.input().content(), "input.content", CONTENT_MAX);
    String model = Fields.optional(r.model(), "model", 200);
    MultitaskStrategy strategy = strategy(r.multitaskStrategy());
    Turn turn =
        turns.create(caller.workspaceId(), caller.tokenId(), sessionId, content, model, strategy);
    try {
      submitter.submit(turn);
    } catch (RuntimeException e) {
      LOG.error("Could not hand turn {} to its session workflow", turn.id(), e);
      lifecycle.finish(
          new TurnFinish(
              new TurnStart(turn.workspaceId(), turn.sessionId(), turn.id()),
              TurnOutcome.failed(
                  new Failure("submit_failed", "The workflow engine did not accept the turn."))));
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "workflow_engine_unavailable",
          "The workflow engine did not accept the turn; it was not run. Try again.",
          null);
    }
    if (strategy == MultitaskStrategy.INTERRUPT) {
      interruptOthers(turn);
    }
    return Etags.created(turn, turn.etag());
  }

  /** Cancels the session's other unfinished turns, newest first, so the new one runs next. */
  private void interruptOthers(Turn turn) {
    turns.unfinishedOf(turn.workspaceId(), turn.sessionId()).reversed().stream()
        .filter(other -> !other.id().equals(turn.id()))
        .forEach(canceller::requestCancel);
  }

  private static MultitaskStrategy strategy(String value) {
    if (value == null) {
      return MultitaskStrategy.ENQUEUE;
    }
    return MultitaskStrategy.fromWire(value)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "multitask_strategy must be enqueue, reject or interrupt.",
                    "multitask_strategy"));
  }

  /** Cancels the turn: 200 with the turn, CANCELLED once its runner has stopped. */
  @Post("/{id}:cancel")
  public HttpResponse<Turn> cancel(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id)
      throws InterruptedException {
    Turn turn = canceller.cancel(caller.workspaceId(), id);
    return Etags.ok(turn, turn.etag());
  }

  @Get("/{id}")
  public HttpResponse<Turn> get(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    Turn turn = turns.get(caller.workspaceId(), id, "id");
    return Etags.ok(turn, turn.etag());
  }

  @Get
  public Page<Turn> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String session,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    return turns.list(caller.workspaceId(), session, ListParams.resources(limit, cursor));
  }
}
