package dev.turnpike.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A captioned table of figures, rendered as Markdown for the docs and as text for a terminal. */
public record Table(String caption, List<String> header, List<List<String>> rows) {
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append(caption).append("\n\n");
    b.append(markdownRow(header));
    b.append(markdownRow(header.stream().map(h -> "---").toList()));
    rows.forEach(r -> b.append(markdownRow(r)));
    return b.toString();
  }

  private static String markdownRow(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  public String text() {
    int[] widths = new int[header.size()];
    for (List<String> r : concat()) {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder(caption).append('\n');
    for (List<String> r : concat()) {
      for (int i = 0; i < r.size(); i++) {
        b.append("  ").append(pad(r.get(i), widths[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private List<List<String>> concat() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
