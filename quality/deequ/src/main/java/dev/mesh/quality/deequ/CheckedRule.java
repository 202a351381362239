package dev.mesh.quality.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.Format;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import scala.Option;

/**
 * A rule compiled to one Deequ {@link Check}. Its constraints are described by {@link Part}s in the same order; the
 * first one is the rule's own metric (the outcome's value), the others are preconditions such as the completeness of a
 * primary key's columns.
 */
final class CheckedRule implements CompiledRule {

  /** Says which rows a failing constraint is about, from its measured fraction and the row count. */
  interface Detail {
    String of(double value, long rows);

    Detail NONE = (value, rows) -> "";
  }

  /** What one constraint of the check measures, and how to describe its failure. */
  record Part(String metric, String threshold, Detail detail) {}

  private final Rule rule;
  private final Check check;
  private final List<Part> parts;
  private final boolean vacuousWhenEmpty;

  /**
   * @param vacuousWhenEmpty true when the rule holds for want of rows on an empty candidate (fractions of rows);
   *     false when it has a value there too (the row count)
   */
  CheckedRule(Rule rule, Check check, List<Part> parts, boolean vacuousWhenEmpty) {
    this.rule = rule;
    this.check = check;
    this.parts = List.copyOf(parts);
    this.vacuousWhenEmpty = vacuousWhenEmpty;
  }

  @Override
  public Rule rule() {
    return rule;
  }

  @Override
  public Optional<Check> check() {
    return Optional.of(check);
  }

  @Override
  public List<Analyzer<?, Metric<?>>> analyzers() {
    return List.of();
  }

  @Override
  public RuleOutcome outcome(VerificationResult result, OptionalLong rows) {
    Part main = parts.get(0);
    if (vacuousWhenEmpty && rows.isPresent() && rows.getAsLong() == 0) {
      return RuleOutcome.judged(
          rule, main.metric(), null, main.threshold(), true, "The candidate has no rows: nothing to check.");
    }
    Option<CheckResult> checked = result.checkResults().get(check);
    if (checked.isEmpty()) {
      return RuleOutcome.notEvaluated(rule, RuleValidator.cannotEvaluate(rule, "Deequ returned no result for it."));
    }
    List<ConstraintResult> constraints = Scala.javaList(checked.get().constraintResults());
    Double value = null;
    boolean held = true;
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < parts.size() && i < constraints.size(); i++) {
      Part part = parts.get(i);
      ConstraintResult constraint = constraints.get(i);
      MetricValue measured = Scala.value(constraint.metric());
      if (!measured.present()) {
        return RuleOutcome.notEvaluated(
            rule,
            RuleValidator.cannotEvaluate(rule, "could not compute " + part.metric() + ": " + measured.problem()));
      }
      boolean partHeld = constraint.status() == ConstraintStatus.Success();
      held &= partHeld;
      if (i == 0) {
        value = measured.value();
      }
      if (i == 0 || !partHeld) {
        findings.add(describe(part, measured.value(), partHeld, rows));
      }
    }
    return RuleOutcome.judged(rule, main.metric(), value, main.threshold(), held, String.join("; ", findings) + ".");
  }

  private static String describe(Part part, double value, boolean held, OptionalLong rows) {
    String text = part.metric() + " = " + Format.measured(value) + (held ? ", " : ", expected ") + part.threshold();
    if (held) {
      return text + " holds";
    }
    String detail = rows.isPresent() ? part.detail().of(value, rows.getAsLong()) : "";
    return detail.isEmpty() ? text : text + ": " + detail;
  }

  /** Rows behind a fraction of rows: {@code (1 - fraction) * rows}, rounded. */
  static long rowsMissing(double fraction, long rows) {
    return Math.round((1 - fraction) * rows);
  }
}
