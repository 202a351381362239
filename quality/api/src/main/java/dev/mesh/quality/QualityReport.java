package dev.mesh.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every rule's outcome for one candidate output. Quality results are data: nothing here throws.
 *
 * @param rows how many rows the verified data has, when the engine counted them in its scan (so a caller that
 *     needs the count does not run another job for it)
 */
public record QualityReport(List<RuleOutcome> outcomes, OptionalLong rows) {

  public QualityReport {
    outcomes = List.copyOf(outcomes);
  }

  public QualityReport(List<RuleOutcome> outcomes) {
    this(outcomes, OptionalLong.empty());
  }

  public static QualityReport empty() {
    return new QualityReport(List.of());
  }

  /** The same outcomes, for data of {@code rows} rows. */
  public QualityReport withRows(long rows) {
    return new QualityReport(outcomes, OptionalLong.of(rows));
  }

  /** True when an {@code error} rule failed: the candidate must not be published. */
  public boolean blocksPublication() {
    return outcomes.stream().anyMatch(o -> o.status() == RuleStatus.FAILED);
  }

  /** This report followed by {@code more} outcomes (e.g. quarantine outcomes plus the verification of the rest). */
  public QualityReport plus(List<RuleOutcome> more) {
    List<RuleOutcome> all = new ArrayList<>(outcomes);
    all.addAll(more);
    return new QualityReport(all, rows);
  }

  /** The same outcomes in the order the rules were declared; outcomes of unknown rules go last. */
  public QualityReport inOrderOf(List<Rule> rules) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      position.putIfAbsent(rules.get(i).name(), i);
    }
    List<RuleOutcome> sorted = new ArrayList<>(outcomes);
    sorted.sort(Comparator.comparingInt(o -> position.getOrDefault(o.rule(), Integer.MAX_VALUE)));
    return new QualityReport(sorted, rows);
  }

  /** The outcome of the rule named {@code rule}, if it was evaluated. */
  public Optional<RuleOutcome> outcome(String rule) {
    return outcomes.stream().filter(o -> o.rule().equals(rule)).findFirst();
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
