import dev.mesh.quality.MetricKind;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.QualityEngine;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.Severity;
import dev.mesh.quality.VerificationContext;
import dev.mesh.quality.deequ.DeequQualityEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Verifying a 10-rule product with the Deequ engine against one hand-written aggregate query computing the same
 * metrics, on a cached lineitem-like table. Run with bench/quality/run.sh; not part of the test suite.
 *
 * <p>Arguments: [rows, default 6000000] [measured runs per side, default 11].
 */
public final class QualityBench {

  /** Ten rules of non-grouping kinds: Deequ fuses them into one aggregation, as the query below does by hand. */
  static final List<Rule> RULES = List.of(
      new Rule.NotNull("orderkey_set", Severity.ERROR, "l_orderkey", OnFailure.BLOCK),
      new Rule.Completeness("comment_complete", Severity.WARN, "l_comment", 0.99),
      new Rule.AllowedValues("returnflag_known", Severity.ERROR, "l_returnflag", List.of("A", "N", "R"),
          OnFailure.BLOCK),
      new Rule.AllowedValues("linestatus_known", Severity.ERROR, "l_linestatus", List.of("O", "F"), OnFailure.BLOCK),
      new Rule.Range("quantity_range", Severity.ERROR, "l_quantity", 1.0, 50.0, OnFailure.BLOCK),
      new Rule.Range("discount_range", Severity.ERROR, "l_discount", 0.0, 0.1, OnFailure.BLOCK),
      new Rule.Pattern("comment_format", Severity.WARN, "l_comment", "^c\\d+$", OnFailure.BLOCK),
      new Rule.Predicate("tax_near_discount", Severity.WARN, "l_tax <= l_discount + 0.05", 0.9, OnFailure.BLOCK),
      new Rule.RowCount("rows", Severity.ERROR, 1L, 10_000_000L),
      new Rule.Anomaly("price_mean_stable", Severity.WARN, MetricKind.MEAN, "l_extendedprice", 0.5, 3));

  /** The same ten metrics, written by hand as one SQL aggregation, in the order of RULES. */
  static final String HAND_WRITTEN = String.join("\n",
      "SELECT",
      "  count(l_orderkey) / count(1),",
      "  count(l_comment) / count(1),",
      "  avg(IF(l_returnflag IS NULL OR l_returnflag IN ('A', 'N', 'R'), 1, 0)),",
      "  avg(IF(l_linestatus IS NULL OR l_linestatus IN ('O', 'F'), 1, 0)),",
      "  avg(IF(l_quantity IS NULL OR l_quantity BETWEEN 1 AND 50, 1, 0)),",
      "  avg(IF(l_discount IS NULL OR l_discount BETWEEN 0 AND 0.1, 1, 0)),",
      "  avg(IF(l_comment IS NULL OR l_comment RLIKE '^c\\\\d+$', 1, 0)),",
      "  avg(IF(coalesce(l_tax <= l_discount + 0.05, false), 1, 0)),",
      "  count(1),",
      "  avg(l_extendedprice)",
      "FROM lineitem");

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 6_000_000L;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("quality-bench")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
    try {
      run(spark, rows, runs);
    } finally {
      spark.stop();
    }
  }

  static void run(SparkSession spark, long rows, int runs) {
    long start = System.nanoTime();
    Dataset<Row> lineitem = lineitem(spark, rows).cache();
    long cached = lineitem.count();
    lineitem.createOrReplaceTempView("lineitem");
    System.out.printf(Locale.ROOT, "table: %,d lineitem-like rows, generated and cached in %.1f s%n", cached,
        seconds(System.nanoTime() - start));

    QualityEngine engine = new DeequQualityEngine();
    QualityReport report = engine.verify(lineitem, RULES, VerificationContext.none());
    Row manual = spark.sql(HAND_WRITTEN).first();
    checkSameMetrics(report, manual);

    for (int i = 0; i < 2; i++) { // warm-up: JIT, codegen caches
      engine.verify(lineitem, RULES, VerificationContext.none());
      spark.sql(HAND_WRITTEN).first();
    }
    List<Double> engineSeconds = new ArrayList<>();
    List<Double> manualSeconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) { // alternate, so drift hits both sides alike
      long t0 = System.nanoTime();
      engine.verify(lineitem, RULES, VerificationContext.none());
      long t1 = System.nanoTime();
      spark.sql(HAND_WRITTEN).first();
      long t2 = System.nanoTime();
      engineSeconds.add(seconds(t1 - t0));
      manualSeconds.add(seconds(t2 - t1));
    }
    double engineMedian = median(engineSeconds);
    double manualMedian = median(manualSeconds);
    // the best run is shown too: on a shared 2-core machine it is the figure least moved by other load
    System.out.printf(Locale.ROOT, "deequ engine, 10 rules : median %.3f s  best %.3f s  runs %s%n", engineMedian,
        Collections.min(engineSeconds), format(engineSeconds));
    System.out.printf(Locale.ROOT, "hand-written aggregate : median %.3f s  best %.3f s  runs %s%n", manualMedian,
        Collections.min(manualSeconds), format(manualSeconds));
    System.out.printf(Locale.ROOT, "ratio engine / hand-written: median %.2f  best %.2f%n", engineMedian / manualMedian,
        Collections.min(engineSeconds) / Collections.min(manualSeconds));
  }

  /** lineitem-like columns from spark.range, with a few flaws so the metrics are not all 1. */
  static Dataset<Row> lineitem(SparkSession spark, long rows) {
    return spark.range(rows).selectExpr(
        "id DIV 4 AS l_orderkey",
        "CAST(id % 4 + 1 AS INT) AS l_linenumber",
        "(id * 7919) % 200000 AS l_partkey",
        "(id * 31) % 10000 AS l_suppkey",
        "CAST(id % 50 + 1 AS DOUBLE) AS l_quantity",
        "CAST((id % 50 + 1) * (900 + id % 1000) AS DOUBLE) AS l_extendedprice",
        "(id % 11) / 100.0 AS l_discount",
        "(id % 9) / 100.0 AS l_tax",
        "element_at(array('A', 'N', 'R', 'N'), CAST(id % 4 + 1 AS INT)) AS l_returnflag",
        "IF(id % 2 = 0, 'O', 'F') AS l_linestatus",
        "date_add(DATE'1992-01-01', CAST(id % 2500 AS INT)) AS l_shipdate",
        "IF(id % 500 = 0, NULL, IF(id % 997 = 0, 'bad comment', concat('c', id % 100000))) AS l_comment");
  }

  /** The benchmark only means something if both sides compute the same numbers. */
  static void checkSameMetrics(QualityReport report, Row manual) {
    for (int i = 0; i < RULES.size(); i++) {
      RuleOutcome outcome = report.outcomes().get(i);
      double expected = ((Number) manual.get(i)).doubleValue();
      if (outcome.value() == null || Math.abs(outcome.value() - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
        throw new IllegalStateException("Metric of rule " + outcome.rule() + " differs: engine " + outcome.value()
            + ", hand-written " + expected);
      }
      System.out.printf(Locale.ROOT, "  %-18s %-32s %14.6f  %s%n", outcome.rule(), outcome.metric(), outcome.value(),
          outcome.status().label());
    }
    System.out.println("both sides compute the same 10 metrics: " + report.summary());
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList().toString();
  }
}
