package dev.turnpike.activities.runner;

import java.util.List;

/** Ending a local process together with everything it started (a shell's children too). */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Kills the process and its descendants. The descendants are listed first, while they are
   * still its children; the parent dies before them, so it cannot react to their deaths by
   * printing more output.
   */
  public static void kill(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
