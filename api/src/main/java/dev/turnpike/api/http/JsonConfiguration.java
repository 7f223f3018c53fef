package dev.turnpike.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnpike.workflows.json.TurnpikeJson;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/** Gives the HTTP layer's ObjectMapper the same configuration as Temporal's data converter. */
@Singleton
public class JsonConfiguration implements BeanCreatedEventListener<ObjectMapper> {
  @Override
  public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
    return TurnpikeJson.configure(event.getBean());
  }
}
