package dev.turnpike.api.event;

import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event this node commits (an {@code :emit}) reaches this node's subscribers without the
 * NOTIFY round trip: here through a hub that never LISTENs, so nothing else could bring it.
 */
class EmitHandOffTest {
  static TestTurnpike turnpike;
  static ApiClient api;

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
    api = turnpike.newWorkspaceClient("hand-off");
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  @Test
  void theNextEventIsPushedAtOnceAndAGapIsLeftToTheDatabase() throws Exception {
    String agentId = createAgent(api, "external").get("id").asText();
    String sessionId = createSession(api, agentId).get("id").asText();
    String turnId = submitTurn(api, sessionId, "sleep: 30000").get("id").asText();
    JsonNode started =
        api.await(
            "/v1/agent_sessions/" + sessionId + "/events",
            page -> page.get("data").size() > 0,
            Duration.ofSeconds(30));
    String workspaceId = started.get("data").get(0).get("workspace_id").asText();

    ApplicationContext context = turnpike.running().context();
    EventStore events = context.getBean(EventStore.class);
    Session session = context.getBean(SessionStore.class).get(workspaceId, sessionId, "id");
    String url = context.getProperty("datasources.default.url", String.class).orElseThrow();
    try (EventHub silent = new EventHub(events, url, null, null)) {
      CountDownLatch woken = new CountDownLatch(1);
      SessionChannel channel = silent.attach(session, woken::countDown);
      Thread.sleep(1000); // the channel's first catch-up: one read, of nothing new
      long before = channel.fetched();
      Event first = emit(events, workspaceId, turnId, "first");
      Event second = emit(events, workspaceId, turnId, "second");

      silent.published(second);
      assertEquals(before, channel.fetched(), "an event after a gap is not kept");
      assertEquals(1, woken.getCount(), "nobody was woken for it");

      silent.published(first);
      assertTrue(woken.await(5, TimeUnit.SECONDS), "the subscriber was woken");
      assertEquals(
          List.of(first.id()),
          channel.after(before).stream().map(l -> l.event().id()).toList(),
          "the next event is in the channel's memory, without a NOTIFY or a read");
      silent.published(first);
      assertEquals(first.sequence(), channel.fetched(), "a repeat changes nothing");

      // What was skipped is not lost: the next catch-up reads it from the database.
      channel.signal(second.sequence());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (channel.fetched() < second.sequence() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(second.sequence(), channel.fetched());
    }
  }

  private static Event emit(EventStore events, String workspaceId, String turnId, String key) {
    return events.emit(
        workspaceId,
        turnId,
        key,
        "hash-" + key,
        "message.created",
        EventData.object().put("role", "assistant").put("content", key));
  }
}
