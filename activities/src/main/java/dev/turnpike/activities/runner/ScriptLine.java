package dev.turnpike.activities.runner;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of a scripted turn. A directive whose argument is malformed (a {@code sleep:} that is
 * not a number, say) is not an error: the line is echoed like any other unknown line.
 */
record ScriptLine(String directive, String argument, String raw) {
  static final String ECHO = "echo";
  private static final Set<String> KNOWN =
      Set.of("say", "tool", "progress", "artifact", "fail", "recall");
  private static final Pattern SPAWN = Pattern.compile("[^:]*\\S[^:]*:.*\\S.*");
  private static final Pattern MILLIS = Pattern.compile("\\d{1,9}");
  private static final Pattern PROGRESS = Pattern.compile("(100|[1-9]?\\d)(\\s+.*)?");

  /** Parses a line; null for a blank one, which is skipped. */
  static ScriptLine parse(String text) {
    String raw = text.strip();
    if (raw.isEmpty()) {
      return null;
    }
    int colon = raw.indexOf(':');
    if (colon < 0) {
      return new ScriptLine(ECHO, raw, raw);
    }
    String directive = raw.substring(0, colon).strip();
    String argument = raw.substring(colon + 1).strip();
    boolean valid =
        switch (directive) {
          case "sleep" -> MILLIS.matcher(argument).matches();
          case "progress" -> PROGRESS.matcher(argument).matches();
          case "tool", "artifact", "approval" -> !argument.isEmpty();
          case "spawn" -> SPAWN.matcher(argument).matches();
          default -> KNOWN.contains(directive);
        };
    return valid ? new ScriptLine(directive, argument, raw) : new ScriptLine(ECHO, raw, raw);
  }
}
