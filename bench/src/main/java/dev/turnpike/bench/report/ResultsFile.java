package dev.turnpike.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/results.json: the latest result of every scenario, each with its environment. Running
 * some scenarios replaces only theirs, so the file (and the docs drawn from it) stay complete.
 */
public final class ResultsFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path path;
  private final ObjectNode root;

  private ResultsFile(Path path, ObjectNode root) {
    this.path = path;
    this.root = root;
  }

  public static ResultsFile read(Path path) throws IOException {
    ObjectNode root =
        Files.exists(path) ? (ObjectNode) JSON.readTree(path.toFile()) : JSON.createObjectNode();
    root.put("format", 1);
    root.with("scenarios");
    return new ResultsFile(path, root);
  }

  public void put(String scenario, Environment environment, ObjectNode result) {
    ObjectNode entry = JSON.createObjectNode();
    entry.set("environment", environment.toJson());
    entry.set("result", result);
    ((ObjectNode) root.get("scenarios")).set(scenario, entry);
  }

  /** The scenario's latest entry ({@code environment}, {@code result}), or null. */
  public JsonNode get(String scenario) {
    return root.path("scenarios").get(scenario);
  }

  public void write() throws IOException {
    Files.writeString(path, JSON.writeValueAsString(root) + "\n");
  }
}
