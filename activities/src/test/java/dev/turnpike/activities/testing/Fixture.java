package dev.turnpike.activities.testing;

import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.agent.AgentFields;
import dev.turnpike.activities.agent.AgentStore;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.turn.MultitaskStrategy;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.activities.workspace.WorkspaceStore;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.turn.TurnStart;
import io.micronaut.context.ApplicationContext;

/** Rows for store and workflow tests: a fresh workspace with one agent and one session. */
public final class Fixture {
  private final ApplicationContext context;
  public final String workspaceId;
  public final Agent agent;
  public final Session session;

  public Fixture(ApplicationContext context) {
    this.context = context;
    this.workspaceId = context.getBean(WorkspaceStore.class).create("fixture", 1).id();
    var json = TurnpikeJson.mapper();
    this.agent =
        context
            .getBean(AgentStore.class)
            .create(
                workspaceId,
                "test",
                new AgentFields(
                    "agent",
                    true,
                    null,
                    "instructions",
                    json.createArrayNode().add("CHAT"),
                    json.createObjectNode(),
                    json.createObjectNode(),
                    json.createObjectNode().put("type", "scripted"),
                    null));
    this.session =
        context.getBean(SessionStore.class).create(workspaceId, "test", agent.id(), null, null);
  }

  public Turn newTurn(String script) {
    return context
        .getBean(TurnStore.class)
        .create(workspaceId, "test", session.id(), script, null, MultitaskStrategy.ENQUEUE);
  }

  public Turn turn(String turnId) {
    return context.getBean(TurnStore.class).get(workspaceId, turnId, null);
  }

  public TurnStart start(Turn turn) {
    return new TurnStart(workspaceId, session.id(), turn.id());
  }

}
