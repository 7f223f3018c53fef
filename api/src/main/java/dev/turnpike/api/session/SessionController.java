package dev.turnpike.api.session;

import dev.turnpike.activities.sandbox.SandboxDeletions;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionFilter;
import dev.turnpike.activities.session.SessionLineage;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Etags;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import dev.turnpike.api.http.ListParams;
import dev.turnpike.api.turn.TurnCanceller;
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
import java.util.List;

@Controller("/v1/agent_sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {
  private final SessionStore sessions;
  private final SessionLineage lineage;
  private final TurnStore turns;
  private final TurnCanceller canceller;
  private final SandboxDeletions sandboxDeletions;

  public SessionController(
      SessionStore sessions,
      SessionLineage lineage,
      TurnStore turns,
      TurnCanceller canceller,
      SandboxDeletions sandboxDeletions) {
    this.sessions = sessions;
    this.lineage = lineage;
    this.turns = turns;
    this.canceller = canceller;
    this.sandboxDeletions = sandboxDeletions;
  }

  /** Body of {@code :fork}: both fields optional. */
  record ForkRequest(String upToTurnId, String title) {}

  /**
   * A new session with the same agent and a copy of this one's history (its finished turns up
   * to {@code up_to_turn_id}, or all of them); the original is untouched.
   */
  @Post("/{id}:fork")
  @RequestBody(content = @Content(schema = @Schema(implementation = ForkRequest.class)))
  public HttpResponse<Session> fork(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Body @Nullable String body) {
    ForkRequest r = JsonBody.readOptional(body, ForkRequest.class, new ForkRequest(null, null));
    Session fork =
        lineage.fork(
            caller.workspaceId(),
            caller.tokenId(),
            id,
            Fields.optional(r.upToTurnId(), "up_to_turn_id", 54),
            Fields.maxLength(r.title(), "title", 500));
    return Etags.created(fork, fork.etag());
  }

  @Post
  @RequestBody(content = @Content(schema = @Schema(implementation = SessionRequest.class)))
  public HttpResponse<Session> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable String body) {
    SessionRequest r = JsonBody.read(body, SessionRequest.class);
    Session session =
        sessions.create(
            caller.workspaceId(),
            caller.tokenId(),
            Fields.required(r.agentId(), "agent_id", 54),
            Fields.maxLength(r.title(), "title", 500),
            Fields.optional(r.agentRole(), "agent_role", 80));
    return Etags.created(session, session.etag());
  }

  /**
   * Cancels the session: it takes no new turns (409), its queued turns are dropped and its
   * running turn is cancelled. Answers once they have ended (or a short wait runs out).
   */
  @Post("/{id}:cancel")
  public HttpResponse<Session> cancel(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id)
      throws InterruptedException {
    sessions.close(caller.workspaceId(), id, SessionState.CANCELLED);
    List<Turn> open = turns.unfinishedOf(caller.workspaceId(), id);
    open.reversed().forEach(canceller::requestCancel);
    for (Turn turn : open) {
      canceller.awaitFinished(caller.workspaceId(), turn.id());
    }
    Session session = sessions.get(caller.workspaceId(), id, "id");
    return Etags.ok(session, session.etag());
  }

  /** The session reached its outcome: COMPLETED, no new turns. 409 while a turn is unfinished. */
  @Post("/{id}:complete")
  public HttpResponse<Session> complete(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    Session session = sessions.close(caller.workspaceId(), id, SessionState.COMPLETED);
    return Etags.ok(session, session.etag());
  }

  /**
   * Hidden from lists unless include_archived=true; still readable by id. After this answer a
   * worker deletes the session's sandbox, if it has one: {@code current_sandbox_id} becomes null
   * and the session gets an {@code execution_environment.deleted} event.
   */
  @Post("/{id}:archive")
  public HttpResponse<Session> archive(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    Session session = sessions.close(caller.workspaceId(), id, SessionState.ARCHIVED);
    sandboxDeletions.afterArchive(session);
    return Etags.ok(session, session.etag());
  }

  private static boolean flag(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiException.invalid("include_archived must be true or false.", "include_archived");
  }

  @Get("/{id}")
  public HttpResponse<Session> get(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    Session session = sessions.get(caller.workspaceId(), id, "id");
    return Etags.ok(session, session.etag());
  }

  @Get
  public Page<Session> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor,
      @QueryValue("parent_session") @Nullable String parentSession,
      @QueryValue("forked_from_session") @Nullable String forkedFromSession,
      @QueryValue("spawned_by_turn") @Nullable String spawnedByTurn,
      @QueryValue("agent_role") @Nullable String agentRole,
      @QueryValue("include_archived") @Nullable String includeArchived) {
    return sessions.list(
        caller.workspaceId(),
        new SessionFilter(
            parentSession, forkedFromSession, spawnedByTurn, agentRole, flag(includeArchived)),
        ListParams.resources(limit, cursor));
  }
}
