package dev.turnpike.bench.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The server's console log: the warnings, errors and exceptions it printed since a mark. */
public final class ServerLog {
  private static final Pattern PROBLEM =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at ");
  private final Path file;
  private long mark;

  public ServerLog(Path file) {
    this.file = file;
  }

  /** Remembers the end of the log; {@link #problemsSinceMark()} reads from here. */
  public void mark() throws IOException {
    mark = file == null || !Files.exists(file) ? 0 : Files.size(file);
  }

  /** Problem lines logged since the mark (stack frames included). */
  public List<String> problemsSinceMark() throws IOException {
    List<String> problems = new ArrayList<>();
    if (file == null || !Files.exists(file)) {
      return problems;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(mark);
      byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.length() - mark)];
      f.readFully(rest);
      for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
        if (PROBLEM.matcher(line).find()) {
          problems.add(line);
        }
      }
    }
    return problems;
  }
}
