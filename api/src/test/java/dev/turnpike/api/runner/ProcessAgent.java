package dev.turnpike.api.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small agent for the process runner's tests, run as its own JVM (so the tests need nothing
 * but the JDK): reads the step's input from stdin, prints JSON lines.
 */
public final class ProcessAgent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProcessAgent() {}

  public static void main(String[] args) throws Exception {
    JsonNode request =
        JSON.readTree(
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                .readLine());
    String content = request.at("/input/content").asText();
    switch (content) {
      case "approve-me" -> {
        if (request.get("decision").isNull()) {
          say("about to deploy");
          out(Map.of("type", "approval_request", "action", "deploy prod",
              "details", Map.of("env", "prod")));
        } else {
          say("decision: " + request.at("/decision/decision").asText());
        }
      }
      case "crash" -> {
        System.err.println("something broke");
        System.exit(3);
      }
      case "long" -> {
        Process child = new ProcessBuilder("sleep", "120").start();
        Files.writeString(Path.of("child.pid"), Long.toString(child.pid()));
        say("started a long job");
        child.waitFor();
        say("never");
      }
      default -> {
        Files.writeString(Path.of("seen.txt"), content);
        say("got: " + content);
        System.out.println("this line is not json");
        System.out.flush();
        System.err.println("a log line");
        out(Map.of("type", "progress.updated", "data", Map.of("percent", 100, "message", "done")));
      }
    }
  }

  private static void say(String text) throws Exception {
    out(Map.of("type", "message.created", "data", Map.of("role", "assistant", "content", text)));
  }

  private static void out(Object line) throws Exception {
    System.out.println(JSON.writeValueAsString(line));
    System.out.flush();
  }
}
