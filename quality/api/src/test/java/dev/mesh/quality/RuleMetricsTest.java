package dev.mesh.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleMetricsTest {

  @Test
  void namesTheMetricEachRuleMeasures() {
    assertThat(RuleMetrics.metricName(new Rule.Completeness("c", Severity.ERROR, "email", 0.95)))
        .isEqualTo("completeness(email)");
    assertThat(RuleMetrics.metricName(new Rule.NotNull("n", Severity.ERROR, "email", OnFailure.BLOCK)))
        .isEqualTo("completeness(email)");
    assertThat(RuleMetrics.metricName(new Rule.Unique("u", Severity.ERROR, List.of("order_id", "line"))))
        .isEqualTo("uniqueness(order_id,line)");
    assertThat(RuleMetrics.metricName(new Rule.Range("range_price", Severity.ERROR, "price", 0.0, 1.0,
        OnFailure.BLOCK))).isEqualTo("compliance(range_price)");
    assertThat(RuleMetrics.metricName(new Rule.RowCount("rc", Severity.ERROR, 1L, 2L))).isEqualTo("row-count");
    assertThat(RuleMetrics.metricName(new Rule.Anomaly("a", Severity.ERROR, MetricKind.MEAN, "price", 0.5, 3)))
        .isEqualTo("mean(price)");
    assertThat(RuleMetrics.metricName(new Rule.Anomaly("a", Severity.ERROR, MetricKind.ROW_COUNT, null, 0.5, 3)))
        .isEqualTo("row-count");
    assertThat(RuleMetrics.metricName(
        new Rule.ReferentialIntegrity("fk", Severity.ERROR, "customer_id", "crm.customers", "id")))
        .isEqualTo("referential-integrity(customer_id in crm.customers.id)");
  }

  @Test
  void writesThresholdsInWords() {
    assertThat(RuleMetrics.threshold(new Rule.Completeness("c", Severity.ERROR, "email", 0.95))).isEqualTo(">= 0.95");
    assertThat(RuleMetrics.threshold(new Rule.Predicate("p", Severity.ERROR, "x > 0", 0.9, OnFailure.BLOCK)))
        .isEqualTo(">= 0.9");
    assertThat(RuleMetrics.threshold(new Rule.NotNull("n", Severity.ERROR, "email", OnFailure.BLOCK)))
        .isEqualTo("== 1");
    assertThat(RuleMetrics.threshold(new Rule.RowCount("rc", Severity.ERROR, 1L, 1000L)))
        .isEqualTo("between 1 and 1000");
    assertThat(RuleMetrics.threshold(new Rule.RowCount("rc", Severity.ERROR, 1L, null))).isEqualTo(">= 1");
    assertThat(RuleMetrics.threshold(new Rule.RowCount("rc", Severity.ERROR, null, 1000L))).isEqualTo("<= 1000");
    assertThat(RuleMetrics.threshold(new Rule.Anomaly("a", Severity.ERROR, MetricKind.SUM, "x", 0.125, 3)))
        .isEqualTo("change <= 12.5%");
  }

  @Test
  void describesWhatAFailingRowIsWrongAbout() {
    assertThat(RuleMetrics.violation(
        new Rule.AllowedValues("s", Severity.ERROR, "status", List.of("NEW", "PAID"), OnFailure.BLOCK)))
        .isEqualTo("status is not one of NEW, PAID");
    assertThat(RuleMetrics.violation(new Rule.Range("r", Severity.ERROR, "price", 0.0, null, OnFailure.BLOCK)))
        .isEqualTo("price is outside [0, +inf]");
    assertThat(RuleMetrics.violation(new Rule.Predicate("p", Severity.ERROR, "a < b", 1, OnFailure.BLOCK)))
        .isEqualTo("a < b does not hold");
  }
}
