package dev.turnpike.api.http;

/** The one error shape of the API. */
public record ErrorBody(Detail error) {
  public record Detail(String code, String message, String param) {}

  public static ErrorBody of(String code, String message, String param) {
    return new ErrorBody(new Detail(code, message, param));
  }
}
