package dev.turnpike.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One process's parent and CPU time (utime + stime, in USER_HZ ticks) from /proc/<pid>/stat. */
record ProcStat(long pid, long ppid, long ticks, String cmdline) {
  static Optional<ProcStat> of(long pid) {
    Path dir = Path.of("/proc", Long.toString(pid));
    try {
      String[] f = fields(Files.readString(dir.resolve("stat")));
      String cmdline =
          new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
      return Optional.of(
          new ProcStat(
              pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]), cmdline));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the process ended meanwhile
    }
  }

  /** utime + stime from a stat file of /proc (a process's or one thread's), in ticks. */
  static long cpuTicks(Path stat) throws IOException {
    String[] f = fields(Files.readString(stat));
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Fields after "(comm) ": state ppid … utime(14) stime(15), counted from 1 over the line. */
  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** Every process visible now. */
  static List<ProcStat> all() {
    List<ProcStat> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : dirs) {
        of(Long.parseLong(d.getFileName().toString())).ifPresent(all::add);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return all;
  }
}
