package dev.turnpike.api.workspace;

import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.workspace.ApiToken;
import dev.turnpike.activities.workspace.TokenStore;
import dev.turnpike.activities.workspace.Workspace;
import dev.turnpike.activities.workspace.WorkspaceStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/** Workspaces and their API tokens; administration needs an admin token. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkspaceController {
  private static final long MAX_RETENTION_DAYS = 3650;
  private final WorkspaceStore workspaces;
  private final TokenStore tokens;

  public WorkspaceController(WorkspaceStore workspaces, TokenStore tokens) {
    this.workspaces = workspaces;
    this.tokens = tokens;
  }

  @Post("/workspaces")
  @RequestBody(content = @Content(schema = @Schema(implementation = WorkspaceRequest.class)))
  public HttpResponse<Workspace> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable String body) {
    AdminOnly.check(caller);
    WorkspaceRequest r = JsonBody.read(body, WorkspaceRequest.class);
    return HttpResponse.status(HttpStatus.CREATED)
        .body(
            workspaces.create(
                Fields.required(r.name(), "name", 200), retentionDays(r.eventRetentionDays())));
  }

  /**
   * Sets the workspace's event retention (admin): {@code {"event_retention_days": N}}, or null
   * to keep events for ever.
   */
  @Patch("/workspaces/{id}")
  @RequestBody(content = @Content(schema = @Schema(implementation = WorkspaceRequest.class)))
  public Workspace update(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Body @Nullable String body) {
    AdminOnly.check(caller);
    var node = JsonBody.object(body);
    if (!node.has("event_retention_days")) {
      throw ApiException.invalid("Field 'event_retention_days' is required.", "event_retention_days");
    }
    WorkspaceRequest r = JsonBody.convert(node, WorkspaceRequest.class);
    return workspaces.setRetention(id, retentionDays(r.eventRetentionDays()));
  }

  private static Integer retentionDays(Long days) {
    if (days == null) {
      return null;
    }
    if (days < 1 || days > MAX_RETENTION_DAYS) {
      throw ApiException.invalid(
          "event_retention_days must be from 1 to " + MAX_RETENTION_DAYS + ".",
          "event_retention_days");
    }
    return days.intValue();
  }

  /** A workspace token may read its own workspace; an admin token any. */
  @Get("/workspaces/{id}")
  public Workspace get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    if (!caller.admin() && !caller.workspaceId().equals(id)) {
      throw ResourceException.notFound("workspace", id, "id");
    }
    return workspaces.find(id).orElseThrow(() -> ResourceException.notFound("workspace", id, "id"));
  }

  /** Creates a workspace token; its secret is in this response and nowhere else, ever. */
  @Post("/api_tokens")
  @RequestBody(content = @Content(schema = @Schema(implementation = TokenRequest.class)))
  public HttpResponse<ApiToken> createToken(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable String body) {
    AdminOnly.check(caller);
    TokenRequest r = JsonBody.read(body, TokenRequest.class);
    String workspaceId = Fields.required(r.workspaceId(), "workspace_id", 53);
    String name = Fields.required(r.name(), "name", 200);
    workspaces
        .find(workspaceId)
        .orElseThrow(() -> ResourceException.notFound("workspace", workspaceId, "workspace_id"));
    return HttpResponse.status(HttpStatus.CREATED)
        .body(tokens.create(workspaceId, name, false, TokenStore.newSecret()));
  }
}
