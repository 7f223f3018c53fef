package dev.turnpike.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import io.micronaut.http.HttpStatus;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies with the shared JSON configuration and turns every way they can be wrong
 * into a 400 naming the offending field: malformed or trailing text, a wrong type, a NUL character
 * (PostgreSQL cannot store one), a number too large to be finite.
 */
public final class JsonBody {
  private static final ObjectReader READER =
      TurnpikeJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBody() {}

  public static ObjectNode object(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.invalid("The request body must be a JSON object.", null);
    }
    JsonNode node;
    try {
      node = READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_json",
          "The request body is not valid JSON: " + e.getOriginalMessage(),
          null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.invalid("The request body must be a JSON object.", null);
    }
    checkStorable(object, "");
    return object;
  }

  /** Refuses what PostgreSQL would refuse (NUL in text or a key) or silently mangle (1e400). */
  private static void checkStorable(JsonNode node, String path) {
    if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
      throw ApiException.invalid(
          "Field '" + path + "' contains a NUL character, which cannot be stored.", path);
    }
    if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw ApiException.invalid("Field '" + path + "' is not a finite number.", path);
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().indexOf('\0') >= 0) {
          String where = path.isEmpty() ? null : path;
          throw ApiException.invalid(
              "A field name " + (where == null ? "" : "in '" + where + "' ")
                  + "contains a NUL character, which cannot be stored.",
              where);
        }
        checkStorable(field.getValue(), child);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkStorable(node.get(i), path + "[" + i + "]");
      }
    }
  }

  public static <T> T read(String body, Class<T> type) {
    return convert(object(body), type);
  }

  /** For an optional body: {@code absent} when there is none (or only whitespace). */
  public static <T> T readOptional(String body, Class<T> type, T absent) {
    return body == null || body.isBlank() ? absent : read(body, type);
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
