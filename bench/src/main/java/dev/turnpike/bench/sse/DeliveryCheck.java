package dev.turnpike.bench.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what every subscriber got after the warm-up marker: each of the K measured events
 * exactly once, in emit order, with gap-free session sequence numbers; and collects one latency
 * (delivery time minus the emit's send time) per first delivery.
 */
public final class DeliveryCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXAMPLES = 5;

  private final long[] latencies;
  private final long[] lastDeliveries;
  private final Map<String, Long> counts;
  private final List<String> examples;

  private DeliveryCheck(
      long[] latencies, long[] lastDeliveries, Map<String, Long> counts, List<String> examples) {
    this.latencies = latencies;
    this.lastDeliveries = lastDeliveries;
    this.counts = counts;
    this.examples = examples;
  }

  /**
   * @param contents the measured events' {@code data.content}, by emit index
   * @param sentNanos when each measured emit was sent, by emit index
   */
  public static DeliveryCheck of(
      List<List<Delivery>> bySubscriber, String warmup, List<String> contents, long[] sentNanos) {
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < contents.size(); k++) {
      index.put(contents.get(k), k);
    }
    Tally tally = new Tally(sentNanos.length);
    for (int s = 0; s < bySubscriber.size(); s++) {
      checkOne(s, bySubscriber.get(s), warmup, index, sentNanos, tally);
    }
    return new DeliveryCheck(
        tally.latencies.stream().mapToLong(Long::longValue).toArray(),
        tally.lastDelivery,
        tally.counts,
        tally.examples);
  }

  private static void checkOne(
      int subscriber,
      List<Delivery> deliveries,
      String warmup,
      Map<String, Integer> index,
      long[] sentNanos,
      Tally tally) {
    boolean started = false;
    long lastSequence = 0;
    int lastIndex = -1;
    BitSet seen = new BitSet(sentNanos.length);
    for (Delivery d : deliveries) {
      JsonNode event = parse(d.data());
      String content = event.path("data").path("content").asText(null);
      long sequence = event.path("sequence").asLong();
      if (!started) {
        started = warmup.equals(content);
        lastSequence = sequence;
        continue;
      }
      if (sequence <= lastSequence) {
        tally.add("sequence_repeated", subscriber, "sequence " + sequence + " after " + lastSequence);
      } else if (sequence > lastSequence + 1) {
        tally.add("sequence_gaps", subscriber, "sequence " + sequence + " after " + lastSequence);
      }
      lastSequence = Math.max(lastSequence, sequence);
      Integer k = content == null ? null : index.get(content);
      if (k == null) {
        tally.add("unexpected_events", subscriber, "unexpected event " + d.data());
        continue;
      }
      if (seen.get(k)) {
        tally.add("duplicates", subscriber, "event " + k + " delivered again");
      } else {
        seen.set(k);
        long latency = d.receivedNanos() - sentNanos[k];
        tally.latencies.add(latency);
        tally.lastDelivery[k] = Math.max(tally.lastDelivery[k], latency);
      }
      if (k < lastIndex) {
        tally.add("out_of_order", subscriber, "event " + k + " after event " + lastIndex);
      }
      lastIndex = Math.max(lastIndex, k);
    }
    if (!started) {
      tally.add("no_warmup", subscriber, "never saw the warm-up event");
    }
    int missing = sentNanos.length - seen.cardinality();
    if (missing > 0) {
      tally.add(
          "missing", missing, subscriber, missing + " of " + sentNanos.length + " events never arrived");
    }
  }

  private static JsonNode parse(String data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException("a data line is not JSON: " + data, e);
    }
  }

  /** One latency per (subscriber, event) delivered. */
  public long[] latencies() {
    return latencies;
  }

  /** Per event: the latency of its last subscriber, i.e. how long the whole fan-out took. */
  public long[] fanOuts() {
    return lastDeliveries;
  }

  /** True when every subscriber got every event exactly once and in order. */
  public boolean clean() {
    return counts.isEmpty();
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    counts.forEach(o::put);
    examples.forEach(o.putArray("examples")::add);
    return o;
  }

  private static final class Tally {
    final List<Long> latencies = new ArrayList<>();
    final long[] lastDelivery;
    final Map<String, Long> counts = new HashMap<>();
    final List<String> examples = new ArrayList<>();

    Tally(int events) {
      lastDelivery = new long[events];
    }

    void add(String kind, int subscriber, String what) {
      add(kind, 1, subscriber, what);
    }

    void add(String kind, long n, int subscriber, String what) {
      counts.merge(kind, n, Long::sum);
      if (examples.size() < EXAMPLES) {
        examples.add("subscriber " + subscriber + ": " + what);
      }
    }
  }
}
