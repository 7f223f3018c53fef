package dev.turnpike.activities.worker;

import dev.turnpike.activities.runtime.DevTemporalServer;
import dev.turnpike.workflows.json.TurnpikeJson;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;

/** The Temporal connection: one set of service stubs and one client per process. */
@Factory
public class TemporalFactory {

  /**
   * Over TCP to {@code turnpike.temporal.address}; or, when the launcher runs Temporal's test
   * server in this JVM ({@code turnpike.temporal.in-process-name}), in-process: no sockets, no
   * HTTP/2, no protobuf encoding on the path of every submit and workflow task.
   */
  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(
      @Value("${turnpike.temporal.address}") String address,
      @Value("${turnpike.temporal.in-process-name:}") String inProcessName) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
    if (inProcessName.isEmpty()) {
      options.setTarget(address);
    } else {
      options.setChannel(DevTemporalServer.inProcessChannel(inProcessName));
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  @Singleton
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      @Value("${turnpike.temporal.namespace:default}") String namespace) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(TurnpikeJson.dataConverter())
            .build());
  }
}
