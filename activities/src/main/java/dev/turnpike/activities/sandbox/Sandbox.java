package dev.turnpike.activities.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A session's execution environment: a working directory. Every path a runner or a tool names
 * is resolved inside it; a path that would leave it (.., an absolute path, a symlink pointing
 * out) is refused.
 */
public final class Sandbox {
  private final String id;
  private final Path root;

  Sandbox(String id, Path root) {
    this.id = id;
    this.root = root.toAbsolutePath().normalize();
  }

  public String id() {
    return id;
  }

  public Path root() {
    return root;
  }

  /** The absolute path of {@code relative} inside the sandbox. */
  public Path resolve(String relative) {
    if (relative == null || relative.indexOf('\0') >= 0) {
      throw new SandboxViolation("a path is required");
    }
    Path candidate = root.resolve(relative).normalize();
    if (!candidate.startsWith(root)) {
      throw new SandboxViolation("path '" + relative + "' is outside the sandbox");
    }
    Path existing = candidate;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      if (existing != null && !existing.toRealPath().startsWith(root.toRealPath())) {
        throw new SandboxViolation("path '" + relative + "' leads outside the sandbox");
      }
    } catch (IOException e) {
      throw new SandboxViolation("path '" + relative + "' cannot be resolved: " + e.getMessage());
    }
    return candidate;
  }

  /** A path that would leave the sandbox, or none at all. */
  public static final class SandboxViolation extends IllegalArgumentException {
    SandboxViolation(String message) {
      super(message);
    }
  }
}
