package dev.turnpike.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's warning and error lines of a scenario, folded: stack frames dropped, ids and
 * numbers replaced, identical messages counted, so a burst of one error reads as one line.
 */
final class LogSummary {
  private static final int SHOWN = 8;
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ )");
  private static final Pattern TIME = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} ");
  private static final Pattern IDS =
      Pattern.compile("\\b(ses|trn|agt|evt|tok|ws)_[A-Za-z0-9]+|[0-9a-f]{8}-[0-9a-f-]{27}");
  private static final Pattern NUMBER = Pattern.compile("\\d{2,}");

  private LogSummary() {}

  static String markdown(JsonNode lines) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode line : lines) {
      String l = line.asText();
      if (STACK_FRAME.matcher(l).find()) {
        continue;
      }
      String message = TIME.matcher(l).replaceFirst("");
      message = NUMBER.matcher(IDS.matcher(message).replaceAll("…")).replaceAll("N");
      counts.merge(message.strip(), 1, Integer::sum);
    }
    if (counts.isEmpty()) {
      return "The server logged no warning, error or exception during this scenario.\n";
    }
    StringBuilder b =
        new StringBuilder(
            "**The server logged warnings or errors during this scenario** (from"
                + " `bench/out/server.log`; stack frames dropped, ids and numbers replaced):\n\n"
                + "| times | message |\n|---|---|\n");
    List<Map.Entry<String, Integer>> top =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(SHOWN)
            .toList();
    for (Map.Entry<String, Integer> e : top) {
      b.append("| ").append(e.getValue()).append(" | `")
          .append(e.getKey().replace("|", "\\|").replace("`", "'")).append("` |\n");
    }
    if (counts.size() > SHOWN) {
      b.append("\n…and ").append(counts.size() - SHOWN).append(" other distinct lines.\n");
    }
    return b.toString();
  }
}
