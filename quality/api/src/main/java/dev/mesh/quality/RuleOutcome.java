package dev.mesh.quality;

/**
 * What one rule measured and decided in one run.
 *
 * @param rule the rule's name
 * @param kind the rule kind, e.g. {@code unique}
 * @param metric the metric measured, e.g. {@code completeness(email)} or {@code row-count}
 * @param value the measured value; null when it could not be computed (then {@code message} says why)
 * @param threshold the rule's threshold in words, e.g. {@code >= 0.95}
 */
public record RuleOutcome(
    String rule,
    String kind,
    String metric,
    Double value,
    String threshold,
    Severity severity,
    RuleStatus status,
    String message) {

  /** A rule that was measured and compared with its threshold. */
  public static RuleOutcome judged(
      Rule rule, String metric, Double value, String threshold, boolean held, String message) {
    return new RuleOutcome(
        rule.name(), rule.kind(), metric, value, threshold, rule.severity(), RuleStatus.judged(held, rule.severity()),
        message);
  }

  /**
   * A rule that could not be evaluated (unknown column, bad SQL, metric not computable). It counts as failed, so an
   * {@code error} rule blocks publication and a {@code warn} rule warns; {@code message} says why.
   */
  public static RuleOutcome notEvaluated(Rule rule, String message) {
    return judged(rule, RuleMetrics.metricName(rule), null, RuleMetrics.threshold(rule), false, message);
  }

  /**
   * A quarantining row-level rule after the split: {@code QUARANTINED} with the number of rows it moved to quarantine,
   * or {@code PASSED} with 0 when no row failed it.
   */
  public static RuleOutcome quarantined(Rule.RowLevel rule, long quarantinedRows, long totalRows) {
    RuleStatus status = quarantinedRows == 0 ? RuleStatus.PASSED : RuleStatus.QUARANTINED;
    String message =
        quarantinedRows == 0
            ? "No row of " + totalRows + " fails: nowhere " + RuleMetrics.violation(rule) + "."
            : "In " + quarantinedRows + " of " + totalRows + " rows " + RuleMetrics.violation(rule)
                + ": moved to quarantine.";
    return new RuleOutcome(
        rule.name(), rule.kind(), RuleMetrics.quarantinedRows(), (double) quarantinedRows, "== 0", rule.severity(),
        status, message);
  }

  public boolean passed() {
    return status == RuleStatus.PASSED;
  }
}
