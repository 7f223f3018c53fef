package dev.turnpike.api.http;

/** The ETag header carries a resource's {@code etag} quoted; If-Match accepts either form. */
public final class Etags {
  private Etags() {}

  public static String header(String etag) {
    return "\"" + etag + "\"";
  }

  public static String fromIfMatch(String ifMatch) {
    String e = ifMatch.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    boolean quoted = e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"");
    return quoted ? e.substring(1, e.length() - 1) : e;
  }
}
