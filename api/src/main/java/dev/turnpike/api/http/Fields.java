package dev.turnpike.api.http;

/** Checks on request fields, each failing with a 400 that names the field. */
public final class Fields {
  private Fields() {}

  public static String required(String value, String param, int maxLength) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("Field '" + param + "' is required.", param);
    }
    return maxLength(value, param, maxLength);
  }

  public static String maxLength(String value, String param, int maxLength) {
    if (value != null && value.length() > maxLength) {
      throw ApiException.invalid(
          "Field '" + param + "' is longer than " + maxLength + " characters.", param);
    }
    return value;
  }

  /** An optional string that, when present, must not be blank. */
  public static String optional(String value, String param, int maxLength) {
    return value == null ? null : required(value, param, maxLength);
  }
}
