package dev.turnpike.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.util.stream.Collectors;

/**
 * Reads request bodies with the shared JSON configuration and turns every way they can be wrong
 * into a 400 naming the offending field.
 */
public final class JsonBody {
  private JsonBody() {}

  public static ObjectNode object(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.invalid("The request body must be a JSON object.", null);
    }
    JsonNode node;
    try {
      node = TurnpikeJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(
          io.micronaut.http.HttpStatus.BAD_REQUEST,
          "invalid_json",
          "The request body is not valid JSON: " + e.getOriginalMessage(),
          null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.invalid("The request body must be a JSON object.", null);
    }
    return object;
  }

  public static <T> T read(String body, Class<T> type) {
    return convert(object(body), type);
  }

  public static <T> T convert(ObjectNode node, Class<T> type) {
    try {
      return TurnpikeJson.mapper().treeToValue(node, type);
    } catch (JsonMappingException e) {
      String param =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      throw ApiException.invalid(
          "Field '" + param + "' has the wrong type or shape.", param.isEmpty() ? null : param);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("The request body could not be read.", null);
    }
  }
}
