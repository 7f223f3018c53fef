package dev.turnpike.workflows.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TurnpikeJsonTest {
  /**
   * JSON work on virtual threads (every request, every SSE stream) hands its buffers back to one
   * shared pool: none stay with a thread, and a new thread does not allocate its own.
   */
  @Test
  void jsonBuffersAreSharedAcrossVirtualThreads() throws Exception {
    ObjectMapper mapper = TurnpikeJson.configure(new ObjectMapper());
    RecyclerPool<BufferRecycler> pool = mapper.getFactory()._getRecyclerPool();
    // A per-thread pool cannot count what it holds (-1); the shared one can. Other tests in this
    // JVM may have left buffer sets in it already.
    int before = pool.pooledCount();
    assertTrue(before >= 0, "a shared pool, not one per thread");
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        int n = i;
        threads
            .submit(
                () -> {
                  JsonNode read = mapper.readTree("{\"n\":" + n + ",\"text\":\"" + "x".repeat(5000) + "\"}");
                  return mapper.writeValueAsString(read);
                })
            .get();
      }
    }
    // 50 threads, one after the other: they all used (at most) one new set of buffers.
    int after = pool.pooledCount();
    assertTrue(after >= 1 && after <= before + 1, "buffer sets in the pool: " + before + " → " + after);
  }
}
