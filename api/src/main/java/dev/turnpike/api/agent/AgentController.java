package dev.turnpike.api.agent;

import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.agent.AgentStore;
import dev.turnpike.activities.store.Page;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Etags;
import dev.turnpike.api.http.ListParams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

@Controller("/v1/agents")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AgentController {
  private final AgentStore agents;
  private final AgentFieldsReader reader;

  public AgentController(AgentStore agents, AgentFieldsReader reader) {
    this.agents = agents;
    this.reader = reader;
  }

  @Post
  @RequestBody(content = @Content(schema = @Schema(implementation = AgentRequest.class)))
  public HttpResponse<Agent> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable String body) {
    Agent agent = agents.create(caller.workspaceId(), caller.tokenId(), reader.forCreate(body));
    return Etags.created(agent, agent.etag());
  }

  @Get("/{id}")
  public HttpResponse<Agent> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    Agent agent = agents.get(caller.workspaceId(), id, "id");
    return Etags.ok(agent, agent.etag());
  }

  @Get
  public Page<Agent> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    return agents.list(caller.workspaceId(), ListParams.resources(limit, cursor));
  }

  @Patch("/{id}")
  @RequestBody(content = @Content(schema = @Schema(implementation = AgentRequest.class)))
  public HttpResponse<Agent> update(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch,
      @Body @Nullable String body) {
    if (ifMatch == null || ifMatch.isBlank()) {
      agents.get(caller.workspaceId(), id, "id");
      throw new ApiException(
          HttpStatus.PRECONDITION_REQUIRED,
          "precondition_required",
          "Send 'If-Match: <etag>' with the agent's current etag.",
          "If-Match");
    }
    Agent agent =
        agents.update(caller.workspaceId(), id, Etags.fromIfMatch(ifMatch), reader.forUpdate(body));
    return Etags.ok(agent, agent.etag());
  }

  @Post("/{id}:archive")
  public Agent archive(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    return agents.archive(caller.workspaceId(), id);
  }
}
