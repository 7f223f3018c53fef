package dev.turnpike.api.http;

import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.StoreException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as {@code {"error":{code,message,param}}}: ours, the framework's (unknown
 * route, bad method, unreadable body) and unexpected ones, which never show their cause.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final Map<Integer, String> CODES =
      Map.of(
          400, "invalid_request",
          401, "unauthorized",
          403, "forbidden",
          404, "not_found",
          405, "method_not_allowed",
          406, "not_acceptable",
          413, "payload_too_large",
          415, "unsupported_media_type");

  private ApiErrors() {}

  public static MutableHttpResponse<ErrorBody> response(
      HttpStatus status, String code, String message, String param) {
    return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(code, message, param));
  }

  /** Renders the framework's own errors in our shape. */
  @Singleton
  public static class Processor implements ErrorResponseProcessor<ErrorBody> {
    @Override
    public MutableHttpResponse<ErrorBody> processResponse(
        ErrorContext context, MutableHttpResponse<?> base) {
      int status = base.code();
      if (status >= 500) {
        context
            .getRootCause()
            .ifPresent(e -> LOG.error("Unhandled error on {}", context.getRequest().getPath(), e));
        return base.body(
            ErrorBody.of("internal_error", "The server could not complete the request.", null));
      }
      String message =
          context.getErrors().isEmpty()
              ? base.reason()
              : context.getErrors().getFirst().getMessage();
      String param =
          context.getErrors().isEmpty()
              ? null
              : context.getErrors().getFirst().getPath().orElse(null);
      return base.body(ErrorBody.of(CODES.getOrDefault(status, "error"), message, param));
    }
  }

  @Singleton
  @Produces
  public static class ApiExceptionHandler
      implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException e) {
      return response(e.status(), e.code(), e.getMessage(), e.param());
    }
  }

  /**
   * Input PostgreSQL cannot store (a NUL character in a string or id) is the client's error; any
   * other database error is ours, and shows no detail.
   */
  @Singleton
  @Produces
  public static class StoreExceptionHandler
      implements ExceptionHandler<StoreException, HttpResponse<ErrorBody>> {
    private static final java.util.Set<String> BAD_INPUT = java.util.Set.of("22021", "22P05");

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, StoreException e) {
      if (StoreException.isOutage(e.sqlState())) {
        return response(
            HttpStatus.SERVICE_UNAVAILABLE,
            "database_unavailable",
            "The database is not reachable right now; nothing was changed. Try again shortly.",
            null);
      }
      if (BAD_INPUT.contains(e.sqlState())) {
        return response(
            HttpStatus.BAD_REQUEST,
            "invalid_request",
            "The request contains characters that cannot be stored (such as NUL).",
            null);
      }
      LOG.error("Database error on {}", request.getPath(), e);
      return response(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "internal_error",
          "The server could not complete the request.",
          null);
    }
  }

  @Singleton
  @Produces
  public static class ResourceExceptionHandler
      implements ExceptionHandler<ResourceException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ResourceException e) {
      HttpStatus status =
          switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
          };
      return response(status, e.code(), e.getMessage(), e.param());
    }
  }
}
