package dev.turnpike.api.docs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves the OpenAPI document generated from the controllers at compile time. */
@Controller("/openapi.yml")
@Hidden
public class OpenApiController {
  static final String RESOURCE = "/META-INF/swagger/turnpike-v1.yml";

  @Get
  @Produces("application/yaml")
  public HttpResponse<String> document() throws IOException {
    try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return HttpResponse.notFound();
      }
      return HttpResponse.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contentType(MediaType.of("application/yaml"));
    }
  }
}
