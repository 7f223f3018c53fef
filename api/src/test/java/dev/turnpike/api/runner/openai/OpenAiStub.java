package dev.turnpike.api.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} over real HTTP on a free local port. It
 * answers the scripted responses in order (a 400 once they run out) and records every request.
 */
final class OpenAiStub implements AutoCloseable {
  /** One scripted answer: status, content type, body parts written with a pause between them. */
  record Response(int status, String contentType, List<String> parts, long pauseMillis) {}

  /** What the runner sent: its Authorization header and JSON body. */
  record Request(String authorization, JsonNode body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private OpenAiStub(HttpServer server) {
    this.server = server;
  }

  static OpenAiStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OpenAiStub stub = new OpenAiStub(server);
    server.createContext("/v1/chat/completions", stub::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return stub;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Forgets the requests and the responses not yet given. */
  void reset() {
    script.clear();
    requests.clear();
  }

  OpenAiStub then(Response... responses) {
    script.addAll(List.of(responses));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = TurnpikeJson.mapper().readTree(exchange.getRequestBody());
      requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
      Response r = script.poll();
      if (r == null) {
        r = error(400, "the stub has no scripted response left");
      }
      exchange.getResponseHeaders().set("Content-Type", r.contentType());
      exchange.sendResponseHeaders(r.status(), 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < r.parts().size(); i++) {
        if (i > 0 && r.pauseMillis() > 0) {
          Thread.sleep(r.pauseMillis());
        }
        out.write(r.parts().get(i).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- scripted responses ----

  /** A completion that answers with text. */
  static Response answer(String text, int promptTokens, int completionTokens) {
    ObjectNode message = json().put("role", "assistant").put("content", text);
    return completion(message, promptTokens, completionTokens);
  }

  /** A completion that calls tools, without text. */
  static Response toolCalls(int promptTokens, int completionTokens, ObjectNode... calls) {
    ObjectNode message = json().put("role", "assistant").putNull("content");
    ArrayNode list = message.putArray("tool_calls");
    List.of(calls).forEach(list::add);
    return completion(message, promptTokens, completionTokens);
  }

  /** One tool call of a completion: {@code arguments} as the JSON text OpenAI sends. */
  static ObjectNode call(String id, String name, Map<String, ?> arguments) {
    ObjectNode call = json().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", toJson(arguments));
    return call;
  }

  static Response error(int status, String message) {
    ObjectNode body = json();
    body.putObject("error").put("message", message).put("type", "invalid_request_error");
    return new Response(status, "application/json", List.of(body.toString()), 0);
  }

  /** A streamed completion: each chunk is one {@code data:} event, then {@code data: [DONE]}. */
  static Response streamed(long pauseMillis, ObjectNode... chunks) {
    List<String> parts = new ArrayList<>();
    for (ObjectNode chunk : chunks) {
      parts.add("data: " + chunk + "\n\n");
    }
    parts.add("data: [DONE]\n\n");
    return new Response(200, "text/event-stream", parts, pauseMillis);
  }

  /** A stream chunk carrying a content delta. */
  static ObjectNode textDelta(String text) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", text);
    return chunk;
  }

  /** A stream chunk carrying part of tool call {@code index} (id and name only in the first). */
  static ObjectNode toolDelta(int index, String id, String name, String argumentsPart) {
    ObjectNode chunk = chunk();
    ObjectNode call =
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta")
            .putArray("tool_calls").addObject().put("index", index);
    if (id != null) {
      call.put("id", id).put("type", "function");
    }
    ObjectNode function = call.putObject("function");
    if (name != null) {
      function.put("name", name);
    }
    function.put("arguments", argumentsPart);
    return chunk;
  }

  /** The last stream chunk when usage is asked for: no choices, only usage. */
  static ObjectNode usageChunk(int promptTokens, int completionTokens) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices");
    chunk.set("usage", usage(promptTokens, completionTokens));
    return chunk;
  }

  private static Response completion(ObjectNode message, int promptTokens, int completionTokens) {
    ObjectNode body = json().put("id", "chatcmpl-stub").put("object", "chat.completion")
        .put("model", "stub-model");
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
    body.set("usage", usage(promptTokens, completionTokens));
    return new Response(200, "application/json", List.of(body.toString()), 0);
  }

  private static ObjectNode chunk() {
    return json().put("id", "chatcmpl-stub").put("object", "chat.completion.chunk")
        .put("model", "stub-model");
  }

  private static ObjectNode usage(int promptTokens, int completionTokens) {
    return json().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }

  static ObjectNode json() {
    return TurnpikeJson.mapper().createObjectNode();
  }

  private static String toJson(Object value) {
    try {
      return TurnpikeJson.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
