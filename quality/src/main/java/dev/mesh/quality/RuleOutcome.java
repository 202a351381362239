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

  public boolean passed() {
    return status == RuleStatus.PASSED;
  }
}
