package dev.turnpike.activities.store;

/**
 * A request that cannot be carried out as asked, raised by a store and turned into an API error
 * ({@code kind} picks the status, {@code code} and {@code param} go on the wire).
 */
public class ResourceException extends RuntimeException {
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    PRECONDITION_FAILED,
    UNPROCESSABLE
  }

  private final Kind kind;
  private final String code;
  private final String param;

  public ResourceException(Kind kind, String code, String message, String param) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.param = param;
  }

  public static ResourceException notFound(String what, String id, String param) {
    return new ResourceException(
        Kind.NOT_FOUND, "not_found", "No " + what + " with id '" + id + "'.", param);
  }

  public static ResourceException conflict(String code, String message, String param) {
    return new ResourceException(Kind.CONFLICT, code, message, param);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }
}
