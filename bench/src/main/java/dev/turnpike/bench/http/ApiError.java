package dev.turnpike.bench.http;

/** A Turnpike API call that did not answer the expected status. */
public final class ApiError extends RuntimeException {
  public ApiError(String call, int status, String body) {
    super(call + " answered " + status + ": " + body);
  }
}
