package dev.turnpike.activities.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.testing.Fixture;
import dev.turnpike.activities.testing.StoreContext;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.json.TurnpikeJson;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A retried append (the worker died after its commit) writes only what is new, gap-free. */
class EventStoreTest {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = StoreContext.start();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void aRetriedBatchWritesOnlyItsNewEventsOnTheNextNumbers() {
    Fixture fixture = new Fixture(context);
    Turn turn = fixture.newTurn("say: hi");
    EventStore store = context.getBean(EventStore.class);
    EventScope scope =
        new EventScope(fixture.workspaceId, fixture.agent.id(), fixture.session.id(), turn.id());

    List<Event> first = store.append(scope, List.of(event(turn, 0), event(turn, 1)));
    List<Event> retried =
        store.append(scope, List.of(event(turn, 0), event(turn, 1), event(turn, 2), event(turn, 3)));
    List<Event> again = store.append(scope, List.of(event(turn, 2)));
    List<Event> later = store.append(scope, List.of(event(turn, 4)));

    assertEquals(List.of(1L, 2L), sequences(first));
    assertEquals(List.of(3L, 4L), sequences(retried), "only the new events, on the next numbers");
    assertEquals(
        List.of(id(turn, 2), id(turn, 3)), retried.stream().map(Event::id).toList());
    assertEquals(List.of(), again, "an event that exists is not written again");
    assertEquals(List.of(5L), sequences(later), "a skipped event leaves no hole");
    List<Event> all =
        store
            .listBySession(fixture.workspaceId, fixture.session.id(), new PageRequest(100, null))
            .data();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(all));
    assertEquals(
        List.of(id(turn, 0), id(turn, 1), id(turn, 2), id(turn, 3), id(turn, 4)),
        all.stream().map(Event::id).toList());
  }

  private static NewEvent event(Turn turn, int i) {
    return new NewEvent(
        id(turn, i),
        EventTypes.MESSAGE_CREATED,
        TurnpikeJson.mapper().createObjectNode().put("role", "assistant").put("content", "m" + i));
  }

  private static String id(Turn turn, int i) {
    return "evt_" + turn.id() + "_" + i;
  }

  private static List<Long> sequences(List<Event> events) {
    return events.stream().map(Event::sequence).toList();
  }
}
