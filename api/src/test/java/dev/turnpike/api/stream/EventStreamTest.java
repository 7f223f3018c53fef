package dev.turnpike.api.stream;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SseClient;
import dev.turnpike.api.support.SseClient.Frame;
import dev.turnpike.api.support.TestTurnpike;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE and long-poll over real HTTP: replay, live, resume, pings, and the seam between them. */
class EventStreamTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static TestTurnpike turnpike;
  static ApiClient api;
  static String agentId;
  String sessionId;

  @BeforeAll
  static void start() {
    turnpike =
        TestTurnpike.start(
            Map.of(
                "turnpike.streams.ping-interval", "300ms",
                "turnpike.streams.slow-client-timeout", "1s"));
    api = turnpike.newWorkspaceClient("streams");
    agentId = createAgent(api, "streamer").get("id").asText();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  @BeforeEach
  void newSession() {
    sessionId = createSession(api, agentId).get("id").asText();
  }

  SseClient open(String path, String lastEventId) {
    return SseClient.open(turnpike.url(), api.token(), path, lastEventId);
  }

  static List<Long> sequences(List<Frame> frames) {
    return frames.stream().map(f -> f.json().get("sequence").asLong()).toList();
  }

  static List<Long> oneTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void aTurnStreamReplaysThenFollowsLiveAndEndsAfterTheTerminalEvent() throws Exception {
    String turnId =
        submitTurn(api, sessionId, "say: one\nsleep: 600\nsay: two\nsleep: 600\nsay: three")
            .get("id")
            .asText();
    List<Frame> frames;
    try (SseClient sse = open("/v1/agent_turns/" + turnId + "/events", null)) {
      assertEquals(200, sse.status());
      assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
      frames = sse.eventsUntil("turn.completed", WAIT);
      assertTrue(sse.awaitEnd(Duration.ofSeconds(5)), "a turn stream ends after turn.completed");
    }
    List<JsonNode> listed = walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
    assertEquals(listed.size(), frames.size(), "the stream carries exactly the listed events");
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      JsonNode event = listed.get(i);
      assertEquals(event, f.json(), "frame " + i + " is the event as listed");
      assertEquals(event.get("cursor").asText(), f.id(), "SSE id is the event's cursor");
      assertEquals(event.get("type").asText(), f.event(), "SSE event is the event's type");
    }
    assertEquals(oneTo(frames.size()), sequences(frames));
    assertEquals(
        List.of("message.created", "message.created", "message.created", "message.created",
            "turn.completed"),
        frames.stream().map(Frame::event).toList());
  }

  @Test
  void reconnectingWithLastEventIdResumesWithNoGapAndNoDuplicate() throws Exception {
    String script = "say: a\nsay: b\nsleep: 500\nsay: c\nsleep: 500\nsay: d\nsay: e";
    String turnId = submitTurn(api, sessionId, script).get("id").asText();
    String path = "/v1/agent_sessions/" + sessionId + "/events";
    List<Frame> first;
    try (SseClient sse = open(path, null)) {
      first = List.of(sse.nextEvent(WAIT), sse.nextEvent(WAIT));
    }
    List<Frame> rest;
    try (SseClient sse = open(path, first.get(1).id())) {
      rest = sse.eventsUntil("turn.completed", WAIT);
    }
    awaitTurnFinished(api, turnId);
    List<Frame> all = new java.util.ArrayList<>(first);
    all.addAll(rest);
    assertEquals(oneTo(7), sequences(all), "every event once, in order, across the reconnect");

    // The URL's cursor starts a stream the same way (for clients that cannot set headers).
    String cursor = rest.get(2).id();
    try (SseClient sse = open(path + "?cursor=" + cursor, null)) {
      Frame next = sse.nextEvent(WAIT);
      assertNotNull(next);
      assertEquals(rest.get(3).json(), next.json(), "the stream resumes right after the cursor");
    }
  }

  @Test
  void aSessionStreamThatIsUpToDateFollowsLaterTurnsAndPingsWhileIdle() throws Exception {
    String first = submitTurn(api, sessionId, "say: before").get("id").asText();
    awaitTurnFinished(api, first);
    String last = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100).getLast()
        .get("cursor").asText();
    try (SseClient sse = open("/v1/agent_sessions/" + sessionId + "/events?cursor=" + last, null)) {
      Frame opened = sse.nextFrame(Duration.ofSeconds(5));
      assertNotNull(opened, "a stream says at once that it is connected");
      assertEquals("connected", opened.comment(), "then comments only while idle: " + opened);
      Frame ping = sse.nextFrame(Duration.ofSeconds(5));
      assertNotNull(ping, "an idle stream sends something within the ping interval");
      assertEquals("ping", ping.comment(), "an idle stream only pings: " + ping);
      submitTurn(api, sessionId, "say: after");
      List<Frame> live = sse.eventsUntil("turn.completed", WAIT);
      assertEquals(List.of(4L, 5L, 6L), sequences(live), "the next turn's events, live");
      assertEquals("after", live.get(1).json().at("/data/content").asText());
    }
  }

  @Test
  void aClientThatAcceptsAnythingGetsTheJsonPageNotAStream() {
    ApiClient.Response r =
        api.withHeader("Accept", "*/*").get("/v1/agent_sessions/" + sessionId + "/events");
    assertEquals(200, r.status());
    assertTrue(r.json().get("data").isArray(), "curl's default Accept gets JSON: " + r.body());
  }

  @Test
  void aStreamOfAnotherWorkspacesSessionIsNotFound() {
    ApiClient other = turnpike.newWorkspaceClient("other streams");
    try (SseClient sse =
        SseClient.open(
            turnpike.url(), other.token(), "/v1/agent_sessions/" + sessionId + "/events", null)) {
      assertEquals(404, sse.status());
    }
    try (SseClient sse = open("/v1/agent_sessions/" + sessionId + "/events", "not-a-cursor")) {
      assertEquals(400, sse.status(), "a bad Last-Event-ID is refused, not ignored");
    }
  }

  @Test
  void aLongPollAnswersAsSoonAsTheNextEventExists() throws Exception {
    String first = submitTurn(api, sessionId, "say: one").get("id").asText();
    awaitTurnFinished(api, first);
    String path = "/v1/agent_sessions/" + sessionId + "/events";
    String last = walk(api, path, 100).getLast().get("cursor").asText();

    JsonNode empty = api.get(path + "?cursor=" + last + "&wait=0").expect(200).json();
    assertEquals(0, empty.get("data").size(), "wait=0 answers at once");

    long started = System.nanoTime();
    CompletableFuture<ApiClient.Response> poll =
        CompletableFuture.supplyAsync(() -> api.get(path + "?cursor=" + last + "&wait=25"));
    Thread.sleep(500);
    assertTrue(!poll.isDone(), "the poll waits while there is nothing new");
    submitTurn(api, sessionId, "say: two");
    JsonNode page = poll.get().expect(200).json();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(page.get("data").size() >= 1, "the poll returns the new events: " + page);
    assertEquals(4, page.get("data").get(0).get("sequence").asLong(), "starting right after");
    assertTrue(tookMillis < 20_000, "answered on the event, not at the deadline: " + tookMillis);

    assertError(api.get(path + "?wait=31"), 400, "invalid_request", "wait");
    assertError(api.get(path + "?wait=soon"), 400, "invalid_request", "wait");
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedWithoutSlowingOthers() throws Exception {
    String turnId = submitTurn(api, sessionId, "sleep: 20000").get("id").asText();
    api.await("/v1/agent_turns/" + turnId, t -> t.get("state").asText().equals("RUNNING"), WAIT);
    String path = "/v1/agent_sessions/" + sessionId + "/events";
    URI uri = URI.create(turnpike.url());
    try (Socket stalled = new Socket();
        SseClient reader = open(path, null)) {
      // A small window, so the kernel's buffers hold little of what the server sends.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      stalled.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Accept: text/event-stream\r\nAuthorization: Bearer " + api.token() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      // More than the server's per-stream buffer (256 frames) plus the kernel's socket buffers.
      String big = "x".repeat(20_000);
      int emitted = 500;
      long started = System.nanoTime();
      for (int i = 0; i < emitted; i++) {
        api.withHeader("idempotency-key", "big-" + i)
            .post("/v1/agent_turns/" + turnId + ":emit",
                Map.of("type", "message", "data", Map.of("content", i + " " + big)))
            .expect(201);
      }
      assertEquals(1 + emitted, reader.eventsUntil("message.created", WAIT).size()
          + readMessages(reader, emitted), "the reading client got every event");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMillis < 20_000, "writers and readers were not held up: " + tookMillis);

      Thread.sleep(3_000);
      stalled.setSoTimeout(10_000);
      InputStream in = stalled.getInputStream();
      long received = in.transferTo(OutputStream.nullOutputStream());
      assertTrue(received < emitted * 20_000L,
          "the stalled client was cut off before it got everything: " + received + " bytes");
    }
  }

  private static int readMessages(SseClient sse, int expected) throws InterruptedException {
    int n = 0;
    while (n < expected) {
      Frame f = sse.nextEvent(WAIT);
      assertNotNull(f, "event " + n + " of " + expected);
      n++;
    }
    return n;
  }
}
