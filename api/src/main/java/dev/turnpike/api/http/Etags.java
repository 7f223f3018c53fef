package dev.turnpike.api.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** The ETag header carries a resource's {@code etag} quoted; If-Match accepts either form. */
public final class Etags {
  private Etags() {}

  public static String header(String etag) {
    return "\"" + etag + "\"";
  }

  /** {@code 200} with a resource and its ETag header. */
  public static <T> MutableHttpResponse<T> ok(T resource, String etag) {
    return HttpResponse.ok(resource).header(HttpHeaders.ETAG, header(etag));
  }

  /** {@code 201} with a new resource and its ETag header. */
  public static <T> MutableHttpResponse<T> created(T resource, String etag) {
    return HttpResponse.<T>status(HttpStatus.CREATED)
        .body(resource)
        .header(HttpHeaders.ETAG, header(etag));
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
