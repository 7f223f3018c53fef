package dev.turnpike.bench.scenario;

import dev.turnpike.bench.sse.EventTypeStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fresh sessions each running {@code each} {@code say: done} turns, followed to completion. */
final class TurnBatch {
  private static final long EVENT_TIMEOUT_MILLIS = 120_000;

  /** Turns per second over the batch, and the events received per turn. */
  record Result(double perSecond, double eventsPerTurn) {}

  private TurnBatch() {}

  static Result run(BenchContext context, int sessions, int each) throws Exception {
    List<String> ids = new ArrayList<>();
    List<EventTypeStream> streams = new ArrayList<>();
    try {
      for (int s = 0; s < sessions; s++) {
        String id = context.api().createSession(context.agentId());
        ids.add(id);
        streams.add(
            EventTypeStream.open(
                context.api().base(), "/v1/agent_sessions/" + id + "/events", context.api().token()));
      }
      List<Future<long[]>> chains = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(sessions)) {
        long start = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
          String id = ids.get(s);
          EventTypeStream stream = streams.get(s);
          chains.add(pool.submit(() -> chain(context, id, stream, each)));
        }
        long end = start;
        long events = 0;
        for (Future<long[]> f : chains) {
          long[] r = f.get();
          end = Math.max(end, r[0]);
          events += r[1];
        }
        int turns = sessions * each;
        return new Result(turns / ((end - start) / 1e9), events / (double) turns);
      }
    } finally {
      for (EventTypeStream s : streams) {
        s.close();
      }
    }
  }

  /** Answers when the last turn completed and how many events the stream had by then. */
  private static long[] chain(BenchContext context, String session, EventTypeStream stream, int each)
      throws InterruptedException, IOException {
    for (int t = 0; t < each; t++) {
      context.api().submitTurn(session, "say: done");
    }
    int completed = 0;
    long events = 0;
    while (completed < each) {
      EventTypeStream.Arrival a = stream.next(EVENT_TIMEOUT_MILLIS);
      if (a == null) {
        throw new IllegalStateException("session " + session + ": no event for 120 s");
      }
      events++;
      if (a.type().equals("turn.completed")) {
        completed++;
        if (completed == each) {
          return new long[] {a.nanos(), events};
        }
      } else if (a.type().startsWith("turn.")) {
        throw new IllegalStateException("session " + session + ": " + a.type());
      }
    }
    return new long[] {System.nanoTime(), events};
  }
}
