package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The assistant's side of one chat completion: its text, the tools it calls, what it cost. */
record ChatReply(String content, List<ToolCall> toolCalls, TokenUsage usage) {

  /** One function call the model asked for; {@code arguments} is the model's JSON text as sent. */
  record ToolCall(String id, String name, String arguments) {}

  /** The response's {@code usage}; zero when the provider sent none. */
  record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {
    static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    static TokenUsage of(JsonNode usage) {
      if (usage == null || !usage.isObject()) {
        return NONE;
      }
      long prompt = usage.path("prompt_tokens").asLong(0);
      long completion = usage.path("completion_tokens").asLong(0);
      long total = usage.path("total_tokens").asLong(prompt + completion);
      return new TokenUsage(prompt, completion, total);
    }
  }

  /** Reads a non-streamed completion: {@code choices[0].message} and {@code usage}. */
  static ChatReply fromCompletion(JsonNode completion) {
    JsonNode message = completion.path("choices").path(0).path("message");
    if (!message.isObject()) {
      throw new IllegalArgumentException("the completion has no choices[0].message");
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      calls.add(new ToolCall(call.path("id").asText(""), function.path("name").asText(""),
          argumentsText(function.get("arguments"))));
    }
    String content = message.path("content").isTextual() ? message.get("content").asText() : null;
    return new ChatReply(content, calls, TokenUsage.of(completion.get("usage")));
  }

  /** Arguments are a JSON string by the spec; some servers send the object itself. */
  private static String argumentsText(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }
}
