package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.runner.openai.ChatReply.TokenUsage;
import dev.turnpike.activities.runner.openai.ChatReply.ToolCall;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed completion ({@code data: <chunk>} server-sent events up to {@code data:
 * [DONE]}) into one {@link ChatReply}: content deltas are appended, tool call deltas are merged
 * by their {@code index}, and the last {@code usage} seen counts. Only the count of characters
 * received is visible while it reads.
 */
final class StreamedReply {
  private final StringBuilder content = new StringBuilder();
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private TokenUsage usage = TokenUsage.NONE;
  private volatile long chars;

  private static final class PartialCall {
    String id = "";
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();
  }

  /**
   * Reads the whole stream; throws if it breaks, ends before {@code [DONE]} (a partial reply must
   * not become the turn's events) or the provider reports an error in it.
   */
  void read(InputStream body) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String payload = line.substring(5).strip();
      if (payload.equals("[DONE]")) {
        return;
      }
      if (!payload.isEmpty()) {
        accept(TurnpikeJson.mapper().readTree(payload));
      }
    }
    throw new IOException("the stream ended before data: [DONE]");
  }

  private void accept(JsonNode chunk) throws IOException {
    if (chunk.hasNonNull("error")) {
      throw new IOException("the provider reported an error in the stream: "
          + chunk.get("error").path("message").asText(chunk.get("error").toString()));
    }
    if (chunk.path("usage").isObject()) {
      usage = TokenUsage.of(chunk.get("usage"));
    }
    JsonNode delta = chunk.path("choices").path(0).path("delta");
    long added = 0;
    if (delta.path("content").isTextual()) {
      String text = delta.get("content").asText();
      content.append(text);
      added += text.length();
    }
    for (JsonNode d : delta.path("tool_calls")) {
      int index = d.path("index").asInt(calls.size());
      PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
      if (d.hasNonNull("id")) {
        call.id = d.get("id").asText();
      }
      JsonNode function = d.path("function");
      String name = function.path("name").asText("");
      String arguments = function.path("arguments").asText("");
      call.name.append(name);
      call.arguments.append(arguments);
      added += name.length() + arguments.length();
    }
    chars += added;
  }

  /** Characters of content and tool calls received so far; safe to read from another thread. */
  long chars() {
    return chars;
  }

  ChatReply reply() {
    List<ToolCall> toolCalls = new ArrayList<>();
    calls.values().forEach(c -> toolCalls.add(new ToolCall(c.id, c.name.toString(),
        c.arguments.isEmpty() ? "{}" : c.arguments.toString())));
    return new ChatReply(content.isEmpty() ? null : content.toString(), toolCalls, usage);
  }
}
