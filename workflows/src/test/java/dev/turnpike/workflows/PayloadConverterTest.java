package dev.turnpike.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.ApprovalResolution;
import dev.turnpike.workflows.approval.ApprovalWait;
import dev.turnpike.workflows.approval.DecideApproval;
import dev.turnpike.workflows.approval.Decision;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.runner.StepStatus;
import dev.turnpike.workflows.session.SessionRun;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.spawn.SpawnAsk;
import dev.turnpike.workflows.session.TurnTicket;
import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnProgress;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnState;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every workflow payload record survives Temporal's data converter, old shapes included. */
class PayloadConverterTest {
  private final DataConverter converter = TurnpikeJson.dataConverter();
  private static final TurnStart START = new TurnStart("ws_1", "ses_1", "trn_1");

  private <T> T roundTrip(T value) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) value.getClass();
    Optional<Payload> payload = converter.toPayload(value);
    return converter.fromPayload(payload.orElseThrow(), type, type);
  }

  @Test
  void everyPayloadRecordRoundTrips() {
    List<Object> payloads =
        List.of(
            START,
            new TurnOutcome(TurnState.FAILED, new Failure("runner_error", "boom")),
            TurnOutcome.completed(),
            new TurnFinish(START, TurnOutcome.completed()),
            new TurnProgress("running", 2, 7),
            new StepRequest(START, 3, 12),
            new StepResult(StepStatus.CONTINUE, 4, null, null),
            StepResult.needsApproval(6, new ApprovalAsk("apr_1", "deploy", 86400)),
            new StepRequest(
                START, 4, 6, new ApprovalDecision("apr_1", Decision.APPROVED, "tok_1", "ok"), null),
            new StepRequest(START, 5, 7, null, new ChildOutcome("ses_2", "trn_2", TurnState.FAILED)),
            StepResult.spawned(7, new SpawnAsk("ses_2", "trn_2")),
            new DecideApproval("apr_1", Decision.REJECTED, "tok_2", null),
            new ApprovalResolution(
                START, new ApprovalDecision("apr_1", Decision.EXPIRED, null, "expired")),
            new ApprovalWait(START, "apr_1"),
            TurnOutcome.cancelled(),
            StepResult.failed(5, new Failure("runner_error", "x")),
            new SessionRun("ws_1", "ses_1", List.of("trn_1", "trn_2"), 50),
            new TurnTicket("trn_9"));
    for (Object p : payloads) {
      assertEquals(p, roundTrip(p));
    }
  }

  @Test
  void payloadsAreSnakeCaseJson() {
    String json =
        converter.toPayload(START).orElseThrow().getData().toString(StandardCharsets.UTF_8);
    assertEquals("{\"workspace_id\":\"ws_1\",\"session_id\":\"ses_1\",\"turn_id\":\"trn_1\"}", json);
  }

  @Test
  void olderPayloadWithoutANewFieldStillReads() {
    Payload old =
        converter.toPayload(START).orElseThrow().toBuilder()
            .setData(
                com.google.protobuf.ByteString.copyFromUtf8(
                    "{\"workspace_id\":\"ws_1\",\"session_id\":\"ses_1\","
                        + "\"pending_turn_ids\":[\"trn_1\"],\"field_from_the_future\":true}"))
            .build();
    SessionRun run = converter.fromPayload(old, SessionRun.class, SessionRun.class);
    assertEquals(new SessionRun("ws_1", "ses_1", List.of("trn_1"), 0), run);
    assertEquals(SessionRun.DEFAULT_TURNS_PER_RUN, run.turnsPerRunOrDefault());
  }
}
