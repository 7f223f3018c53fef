package dev.turnpike.api.auth;

import dev.turnpike.activities.workspace.TokenGrant;
import dev.turnpike.activities.workspace.WorkspaceStore;
import dev.turnpike.api.http.ApiErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/**
 * Bearer-token authentication on every {@code /v1} route, and the choice of workspace: a
 * workspace token acts in its own; an admin token in the one named by {@code akua-context}, or
 * the default workspace.
 */
@ServerFilter("/v1/**")
public class AuthFilter {
  public static final String CONTEXT_HEADER = "akua-context";
  private final TokenGrants tokens;
  private final WorkspaceStore workspaces;

  public AuthFilter(TokenGrants tokens, WorkspaceStore workspaces) {
    this.tokens = tokens;
    this.workspaces = workspaces;
  }

  /** Returns the error response, or null to let the request through. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().getAuthorization().orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return unauthorized("Send 'Authorization: Bearer <token>'.");
    }
    Optional<TokenGrant> grant = tokens.authenticate(header.substring(7).strip());
    if (grant.isEmpty()) {
      return unauthorized("The bearer token is not valid.");
    }
    TokenGrant g = grant.get();
    String context = request.getHeaders().get(CONTEXT_HEADER);
    String workspaceId = g.homeWorkspaceId();
    if (context != null && !context.isBlank() && !context.equals(workspaceId)) {
      if (!g.admin()) {
        return ApiErrors.response(
            HttpStatus.FORBIDDEN,
            "forbidden",
            "This token belongs to another workspace than '" + context + "'.",
            CONTEXT_HEADER);
      }
      if (workspaces.find(context).isEmpty()) {
        return ApiErrors.response(
            HttpStatus.NOT_FOUND,
            "not_found",
            "No workspace with id '" + context + "'.",
            CONTEXT_HEADER);
      }
      workspaceId = context;
    }
    request.setAttribute(Caller.ATTRIBUTE, new Caller(g.tokenId(), workspaceId, g.admin()));
    return null;
  }

  private static HttpResponse<?> unauthorized(String message) {
    return ApiErrors.response(HttpStatus.UNAUTHORIZED, "unauthorized", message, "Authorization")
        .header("WWW-Authenticate", "Bearer");
  }
}
