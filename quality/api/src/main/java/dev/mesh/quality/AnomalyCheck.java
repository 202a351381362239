package dev.mesh.quality;

import java.util.List;
import java.util.Objects;

/**
 * Judges an {@link Rule.Anomaly} rule: compares the metric measured in this run with the mean of its last
 * {@code window} recorded values. Engine-independent, so any engine that can compute the metric judges it the same way.
 */
public final class AnomalyCheck {
  private AnomalyCheck() {}

  /**
   * @param value the metric measured in this run
   * @param history earlier values of the metric, oldest first (see {@link VerificationContext#history})
   */
  public static RuleOutcome judge(Rule.Anomaly rule, double value, List<Double> history) {
    String metric = RuleMetrics.anomalyMetric(rule.metric(), rule.column());
    List<Double> recent = recent(history, rule.window());
    if (recent.isEmpty()) {
      return RuleOutcome.judged(
          rule, metric, value, RuleMetrics.threshold(rule), true,
          metric + " = " + Format.measured(value) + ": no history yet, nothing to compare with; this value starts it.");
    }
    double mean = recent.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double change = relativeChange(value, mean);
    boolean held = change <= rule.maxRelativeChange();
    String threshold = RuleMetrics.threshold(rule) + " vs mean of last " + recent.size() + " = " + Format.measured(mean);
    String message = String.format(
        "%s = %s changed %s from the mean %s of the last %d run(s); at most %s is allowed.",
        metric, Format.measured(value), Format.percent(change), Format.measured(mean), recent.size(),
        Format.percent(rule.maxRelativeChange()));
    return RuleOutcome.judged(rule, metric, value, threshold, held, message);
  }

  private static List<Double> recent(List<Double> history, int window) {
    // values that were never computed (null, NaN) are not evidence of a normal level
    List<Double> known = history.stream().filter(Objects::nonNull).filter(v -> !v.isNaN()).toList();
    return known.subList(Math.max(0, known.size() - window), known.size());
  }

  /** |v - mean| / |mean|; a move away from a zero mean is an infinite change, staying at zero none. */
  static double relativeChange(double value, double mean) {
    if (mean == 0) {
      return value == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(value - mean) / Math.abs(mean);
  }
}
