package dev.turnpike.api.approval;

import dev.turnpike.activities.approval.ApprovalRequest;
import dev.turnpike.activities.approval.ApprovalRequest.ApprovalState;
import dev.turnpike.activities.approval.ApprovalStore;
import dev.turnpike.activities.store.Page;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Etags;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import dev.turnpike.api.http.ListParams;
import dev.turnpike.workflows.approval.Decision;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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

/** Approval requests: read them, and decide them. Nothing else changes their state. */
@Controller("/v1/approval_requests")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApprovalController {
  static final int REASON_MAX = 2_000;
  private final ApprovalStore approvals;
  private final ApprovalDecider decider;

  public ApprovalController(ApprovalStore approvals, ApprovalDecider decider) {
    this.approvals = approvals;
    this.decider = decider;
  }

  /** Body of {@code :approve} and {@code :reject}; the body itself is optional. */
  record DecisionRequest(String reason) {}

  @Get("/{id}")
  public HttpResponse<ApprovalRequest> get(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    ApprovalRequest r = approvals.get(caller.workspaceId(), id);
    return Etags.ok(r, r.etag());
  }

  @Get
  public Page<ApprovalRequest> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String session,
      @QueryValue @Nullable String turn,
      @QueryValue @Nullable String state,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    return approvals.list(
        caller.workspaceId(), session, turn, state(state), ListParams.resources(limit, cursor));
  }

  @Post("/{id}:approve")
  @RequestBody(content = @Content(schema = @Schema(implementation = DecisionRequest.class)))
  public HttpResponse<ApprovalRequest> approve(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Body @Nullable String body) {
    return decide(caller, id, Decision.APPROVED, body);
  }

  @Post("/{id}:reject")
  @RequestBody(content = @Content(schema = @Schema(implementation = DecisionRequest.class)))
  public HttpResponse<ApprovalRequest> reject(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Body @Nullable String body) {
    return decide(caller, id, Decision.REJECTED, body);
  }

  private HttpResponse<ApprovalRequest> decide(
      Caller caller, String id, Decision decision, String body) {
    String reason =
        Fields.maxLength(
            JsonBody.readOptional(body, DecisionRequest.class, new DecisionRequest(null)).reason(),
            "reason",
            REASON_MAX);
    ApprovalRequest r = decider.decide(caller.workspaceId(), id, decision, caller.tokenId(), reason);
    return Etags.ok(r, r.etag());
  }

  private static ApprovalState state(String state) {
    if (state == null) {
      return null;
    }
    try {
      return ApprovalState.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "state must be one of PENDING, APPROVED, REJECTED, EXPIRED, CANCELLED.", "state");
    }
  }
}
