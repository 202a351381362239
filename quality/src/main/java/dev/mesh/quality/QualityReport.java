package dev.mesh.quality;

import java.util.List;

/** Every rule's outcome for one candidate output. Quality results are data: nothing here throws. */
public record QualityReport(List<RuleOutcome> outcomes) {

  public QualityReport {
    outcomes = List.copyOf(outcomes);
  }

  public static QualityReport empty() {
    return new QualityReport(List.of());
  }

  /** True when an {@code error} rule failed: the candidate must not be published. */
  public boolean blocksPublication() {
    return outcomes.stream().anyMatch(o -> o.status() == RuleStatus.FAILED);
  }

  public long count(RuleStatus status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  public List<RuleOutcome> failures() {
    return outcomes.stream().filter(o -> o.status() == RuleStatus.FAILED).toList();
  }

  /** A one-line summary such as {@code 7 rules: 6 passed, 1 warned, 0 failed}. */
  public String summary() {
    return String.format(
        "%d rules: %d passed, %d warned, %d failed%s",
        outcomes.size(),
        count(RuleStatus.PASSED),
        count(RuleStatus.WARNED),
        count(RuleStatus.FAILED),
        count(RuleStatus.QUARANTINED) > 0 ? ", " + count(RuleStatus.QUARANTINED) + " quarantined" : "");
  }
}
