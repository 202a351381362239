package dev.mesh.quality.deequ;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;

/**
 * The SQL options Deequ's suite runs under: without adaptive query execution, and with at most as many shuffle
 * partitions as the candidate has.
 *
 * <p>The suite's queries are one global aggregation (partial aggregates, then one partition) and, per grouping metric,
 * a count and a grouping of the key into frequencies. Adaptive execution cannot improve either plan (no join to turn
 * into a broadcast, no skew a partial aggregation leaves), yet it runs each of them as separate jobs, one per query
 * stage, and materializes a cached candidate in a job of its own: seven jobs instead of three for a product with a
 * uniqueness rule, about 0.05-0.1 s of a tiny product's run (bench/README.md, round five). What adaptive execution did
 * for the groupings, coalescing {@code spark.sql.shuffle.partitions} tasks into as many as the data needs, is kept by
 * giving the frequencies no more partitions than the candidate itself has: a key's frequencies are never larger than
 * the key column they count.
 *
 * <p>The options are set on the candidate's own session for the suite's duration and then restored: the caller lends
 * that session to the verification (mesh runs each product in a session of its own).
 */
final class SuiteOptions {
  static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  private SuiteOptions() {}

  /** Runs {@code suite} on {@code candidate}'s session under the suite's options, restoring the session's own after. */
  static <T> T apply(Dataset<Row> candidate, Supplier<T> suite) {
    RuntimeConfig conf = candidate.sparkSession().conf();
    Map<String, String> previous = new LinkedHashMap<>();
    for (String key : new String[] {ADAPTIVE, SHUFFLE_PARTITIONS}) {
      previous.put(key, conf.contains(key) ? conf.get(key) : null);
    }
    try {
      conf.set(ADAPTIVE, "false");
      int configured = Integer.parseInt(conf.get(SHUFFLE_PARTITIONS));
      conf.set(SHUFFLE_PARTITIONS, String.valueOf(Math.max(1, Math.min(configured, partitions(candidate)))));
      return suite.get();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          conf.unset(key);
        } else {
          conf.set(key, value);
        }
      });
    }
  }

  /**
   * How many partitions the candidate has. Planned without adaptive execution, this runs no job of its own: a cached
   * candidate's plan may run the shuffles that compute it, which its first scan would run anyway (once either way).
   */
  private static int partitions(Dataset<Row> candidate) {
    return candidate.rdd().getNumPartitions();
  }
}
