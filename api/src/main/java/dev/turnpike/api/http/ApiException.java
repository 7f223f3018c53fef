package dev.turnpike.api.http;

import io.micronaut.http.HttpStatus;

/** An error the client can act on; rendered as {@code {"error":{code,message,param}}}. */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final String param;

  public ApiException(HttpStatus status, String code, String message, String param) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  public static ApiException invalid(String message, String param) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", message, param);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }
}
