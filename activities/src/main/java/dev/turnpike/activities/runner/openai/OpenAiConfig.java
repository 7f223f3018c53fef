package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's {@code runner} block for the openai runner. Only known fields are accepted, so an
 * API key pasted into the block is refused rather than stored with the agent.
 */
record OpenAiConfig(
    String baseUrl, String secret, Set<String> gatedTools, int maxSteps, boolean stream) {
  static final int DEFAULT_MAX_STEPS = 20;
  static final int MAX_MAX_STEPS = 200;
  static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of("type", "base_url", "secret", "gated_tools", "max_steps", "stream");

  /** Reads and checks the block; throws IllegalArgumentException naming what is wrong. */
  static OpenAiConfig read(JsonNode runner) {
    for (Iterator<String> it = runner.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "runner." + field + " is not a setting of the openai runner"
                + (field.toLowerCase().contains("key")
                    ? "; keep the API key in a secret and name it in runner.secret"
                    : ""));
      }
    }
    return new OpenAiConfig(
        baseUrl(runner.path("base_url")),
        secret(runner.path("secret")),
        gatedTools(runner.get("gated_tools")),
        maxSteps(runner.get("max_steps")),
        stream(runner.get("stream")));
  }

  boolean gated(String tool) {
    return gatedTools.contains(tool);
  }

  private static String baseUrl(JsonNode value) {
    String url = value.asText("");
    if (!value.isTextual() || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("runner.base_url must be an http:// or https:// URL");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runner.base_url is not a valid URL");
    }
    if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "runner.base_url must be a URL with a host and no query, like http://host:8080/v1");
    }
    return url;
  }

  private static String secret(JsonNode value) {
    if (!value.isTextual() || !SECRET_NAME.matcher(value.asText()).matches()) {
      throw new IllegalArgumentException(
          "runner.secret must name a secret: 1 to 64 letters, digits, '_' or '-'");
    }
    if (value.asText().startsWith("sk-")) {
      throw new IllegalArgumentException(
          "runner.secret looks like an API key: it must be the name of a secret, not the key");
    }
    return value.asText();
  }

  private static Set<String> gatedTools(JsonNode value) {
    if (value == null || value.isNull()) {
      return Set.copyOf(SandboxTools.GATED_BY_DEFAULT);
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("runner.gated_tools must be an array of tool names");
    }
    Set<String> tools = new HashSet<>();
    for (JsonNode tool : value) {
      if (!tool.isTextual() || !SandboxTools.NAMES.contains(tool.asText())) {
        throw new IllegalArgumentException(
            "runner.gated_tools may name only " + String.join(", ", SandboxTools.NAMES));
      }
      tools.add(tool.asText());
    }
    return Set.copyOf(tools);
  }

  private static int maxSteps(JsonNode value) {
    if (value == null || value.isNull()) {
      return DEFAULT_MAX_STEPS;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()
        || value.asInt() < 1 || value.asInt() > MAX_MAX_STEPS) {
      throw new IllegalArgumentException(
          "runner.max_steps must be an integer from 1 to " + MAX_MAX_STEPS);
    }
    return value.asInt();
  }

  private static boolean stream(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException("runner.stream must be true or false");
    }
    return value.asBoolean();
  }
}
