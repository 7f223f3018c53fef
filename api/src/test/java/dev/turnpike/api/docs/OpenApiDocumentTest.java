package dev.turnpike.api.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/openapi.yml is the document generated from the controllers, never a stale copy. */
class OpenApiDocumentTest {
  @Test
  void committedOpenApiMatchesTheGeneratedOne() throws Exception {
    String generated;
    try (InputStream in = OpenApiController.class.getResourceAsStream(OpenApiController.RESOURCE)) {
      assertNotNull(in, "the build generates the OpenAPI document");
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String committed = Files.readString(Path.of("..", "docs", "openapi.yml"));
    assertEquals(
        generated,
        committed,
        "docs/openapi.yml is stale: copy api/target/classes" + OpenApiController.RESOURCE
            + " over it");
  }
}
