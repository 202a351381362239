package dev.mesh.quality.deequ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.quality.MetricKind;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import dev.mesh.quality.Severity;
import dev.mesh.quality.SparkSessionExtension;
import dev.mesh.quality.VerificationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Anomaly rules over a sequence of runs, each run recording its outcomes as the framework's history table would. */
@ExtendWith(SparkSessionExtension.class)
class AnomalyVerificationTest {
  private static final DeequQualityEngine ENGINE = new DeequQualityEngine();
  private static final List<Rule> RULES = List.of(
      new Rule.Anomaly("rows_stable", Severity.ERROR, MetricKind.ROW_COUNT, null, 0.5, 3),
      new Rule.Anomaly("mean_price_stable", Severity.WARN, MetricKind.MEAN, "price", 0.5, 3),
      new Rule.Anomaly("customers_stable", Severity.WARN, MetricKind.APPROX_DISTINCT_COUNT, "customer", 0.5, 3));

  /** An append-only metric history, keyed like the {@code mesh.quality} table: rule and metric. */
  private static final class History implements VerificationContext {
    private final Map<String, List<Double>> values = new HashMap<>();

    void record(QualityReport report) {
      for (RuleOutcome o : report.outcomes()) {
        values.computeIfAbsent(o.rule() + "|" + o.metric(), k -> new ArrayList<>()).add(o.value());
      }
    }

    @Override
    public Dataset<Row> product(String productId) {
      throw new IllegalArgumentException(productId);
    }

    @Override
    public List<Double> history(String rule, String metric) {
      return values.getOrDefault(rule + "|" + metric, List.of());
    }
  }

  /** {@code rows} sales at price 10 (the mean stays 10) by 5 customers. */
  private static Dataset<Row> sales(SparkSession spark, long rows) {
    return spark.range(rows).selectExpr("id", "10.0 AS price", "id % 5 AS customer");
  }

  private static QualityReport run(SparkSession spark, long rows, History history) {
    QualityReport report = ENGINE.verify(sales(spark, rows), RULES, history);
    history.record(report);
    return report;
  }

  @Test
  void passesWithoutHistoryThenWithinBoundsThenFailsOnASpike(SparkSession spark) {
    History history = new History();

    QualityReport first = run(spark, 100, history);
    assertThat(first.outcomes()).extracting(RuleOutcome::status).containsOnly(RuleStatus.PASSED);
    RuleOutcome firstRows = first.outcome("rows_stable").orElseThrow();
    assertThat(firstRows.value()).isEqualTo(100.0);
    assertThat(firstRows.message()).isEqualTo("row-count = 100.0: no history yet, nothing to compare with; this value "
        + "starts it.");
    assertThat(first.outcome("mean_price_stable").orElseThrow().metric()).isEqualTo("mean(price)");
    assertThat(first.outcome("customers_stable").orElseThrow().value()).isEqualTo(5.0);

    RuleOutcome second = run(spark, 140, history).outcome("rows_stable").orElseThrow();
    assertThat(second.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(second.threshold()).isEqualTo("change <= 50% vs mean of last 1 = 100.0");

    RuleOutcome third = run(spark, 90, history).outcome("rows_stable").orElseThrow();
    assertThat(third.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(third.threshold()).isEqualTo("change <= 50% vs mean of last 2 = 120.0");

    QualityReport spike = run(spark, 500, history);
    RuleOutcome spiked = spike.outcome("rows_stable").orElseThrow();
    assertThat(spiked.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(spiked.value()).isEqualTo(500.0);
    assertThat(spiked.threshold()).isEqualTo("change <= 50% vs mean of last 3 = 110.0");
    assertThat(spiked.message()).isEqualTo("row-count = 500.0 changed 354.5% from the mean 110.0 of the last 3 "
        + "run(s); at most 50% is allowed.");
    assertThat(spike.blocksPublication()).isTrue();
    // the mean price did not move, so only the row count is anomalous
    assertThat(spike.outcome("mean_price_stable").orElseThrow().status()).isEqualTo(RuleStatus.PASSED);

    // the window moves on: 140, 90, 500 have mean 243.3, and 200 is within 50% of it
    assertThat(run(spark, 200, history).outcome("rows_stable").orElseThrow().status()).isEqualTo(RuleStatus.PASSED);
  }
}
