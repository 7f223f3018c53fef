package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.runner.openai.ChatReply.ToolCall;
import dev.turnpike.activities.sandbox.Sandbox;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in tools, run in the session's sandbox: {@code read_file}, {@code write_file},
 * {@code list_files}, {@code run_command}. Whatever goes wrong (bad arguments, a path outside the
 * sandbox, an I/O error) becomes a failed result for the model, never an exception.
 */
final class SandboxTools {
  static final List<String> NAMES = List.of("read_file", "write_file", "list_files", "run_command");
  static final List<String> GATED_BY_DEFAULT = List.of("write_file", "run_command");
  static final int READ_CAP = 64 * 1024;
  static final int LIST_CAP = 1_000;

  private SandboxTools() {}

  /** The {@code tools} of a chat completions request: one function per built-in tool. */
  private static final String DEFINITIONS =
      """
      [
        {"type": "function", "function": {"name": "read_file",
          "description": "Read a UTF-8 text file of the working directory (64 KiB at most).",
          "parameters": {"type": "object", "required": ["path"], "properties": {
            "path": {"type": "string", "description": "Relative to the working directory"}}}}},
        {"type": "function", "function": {"name": "write_file",
          "description": "Create or replace a text file in the working directory.",
          "parameters": {"type": "object", "required": ["path", "content"], "properties": {
            "path": {"type": "string", "description": "Relative to the working directory"},
            "content": {"type": "string", "description": "The whole new content"}}}}},
        {"type": "function", "function": {"name": "list_files",
          "description": "List a directory of the working directory; directories end with /.",
          "parameters": {"type": "object", "properties": {
            "path": {"type": "string",
              "description": "Relative to the working directory; default ."}}}}},
        {"type": "function", "function": {"name": "run_command",
          "description": "Run a program in the working directory, without a shell; returns \
      its exit code and output (16 KiB at most).",
          "parameters": {"type": "object", "required": ["argv"], "properties": {
            "argv": {"type": "array", "items": {"type": "string"},
              "description": "The program and its arguments"},
            "timeout_seconds": {"type": "integer",
              "description": "Killed after this; default 30, at most 300"}}}}}
      ]
      """;

  static ArrayNode definitions() {
    try {
      return (ArrayNode) TurnpikeJson.mapper().readTree(DEFINITIONS);
    } catch (IOException e) {
      throw new IllegalStateException("the tool definitions are not JSON", e);
    }
  }

  /** Runs one call; {@code heartbeat} is called while a command runs and may throw to stop it. */
  static ToolResult run(ToolCall call, Sandbox sandbox, Runnable heartbeat)
      throws InterruptedException {
    JsonNode args;
    try {
      args = TurnpikeJson.mapper().readTree(call.arguments());
    } catch (IOException e) {
      return ToolResult.failed("arguments are not valid JSON");
    }
    if (args == null || !args.isObject()) {
      return ToolResult.failed("arguments must be a JSON object");
    }
    try {
      return switch (call.name()) {
        case "read_file" -> read(sandbox.resolve(text(args, "path")));
        case "write_file" -> write(sandbox.resolve(text(args, "path")), args);
        case "list_files" -> list(sandbox.resolve(args.path("path").asText(".")));
        case "run_command" -> CommandTool.run(args, sandbox.root(), heartbeat);
        default -> ToolResult.failed("unknown tool '" + call.name() + "'");
      };
    } catch (IllegalArgumentException e) {
      return ToolResult.failed(e.getMessage());
    } catch (IOException e) {
      return ToolResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode args, String field) {
    JsonNode value = args.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static ToolResult read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return ToolResult.failed("no such file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(READ_CAP + 1);
      String content =
          new String(bytes, 0, Math.min(bytes.length, READ_CAP), StandardCharsets.UTF_8);
      return ToolResult.succeeded(
          bytes.length > READ_CAP ? content + "\n[truncated at " + READ_CAP + " bytes]" : content);
    }
  }

  private static ToolResult write(Path file, JsonNode args) throws IOException {
    String content = text(args, "content");
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return ToolResult.succeeded(
        EventData.object()
            .put("written_bytes", content.getBytes(StandardCharsets.UTF_8).length)
            .toString());
  }

  private static ToolResult list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return ToolResult.failed("no such directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names =
          entries
              .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
              .sorted()
              .limit(LIST_CAP)
              .toList();
      return ToolResult.succeeded(String.join("\n", names));
    }
  }
}
