package dev.turnpike.workflows.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The one JSON configuration: the HTTP API's ObjectMapper and Temporal's data converter both
 * apply {@link #configure}. snake_case names; unknown properties are ignored so that a field
 * added to a payload record does not break a worker still running the old code. Scalars are not
 * coerced: a number where a string belongs (or the reverse) is an error, not a silent conversion.
 */
public final class TurnpikeJson {
  private static final ObjectMapper MAPPER = configure(new ObjectMapper());
  private static final DataConverter DATA_CONVERTER =
      DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(MAPPER));

  private TurnpikeJson() {}

  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    // Jackson keeps its parse and write buffers (~16 KB) per thread by default. Requests and SSE
    // streams run on virtual threads: a short-lived one would allocate fresh buffers every
    // time, and a stream's long-lived one would hold its own for as long as the stream is open.
    mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    return mapper
        .registerModule(new Jdk8Module())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
        .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
        // A primitive field missing from an older payload reads as its default (0, false).
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static DataConverter dataConverter() {
    return DATA_CONVERTER;
  }
}
