package dev.mesh.quality.deequ;

import static dev.mesh.quality.deequ.CheckedRule.rowsMissing;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleMetrics;
import dev.mesh.quality.Severity;
import dev.mesh.quality.VerificationContext;
import dev.mesh.quality.deequ.CheckedRule.Detail;
import dev.mesh.quality.deequ.CheckedRule.Part;
import java.util.ArrayList;
import java.util.List;

/** Translates one rule into Deequ constraints or analyzers; all of them then share one {@code VerificationSuite}. */
final class RuleCompiler {
  private RuleCompiler() {}

  /**
   * @param index the rule's position, which keeps Deequ checks apart: Deequ keys results by check, and checks are
   *     compared by value
   * @throws IllegalArgumentException for rules Deequ does not evaluate here (referential integrity)
   */
  static CompiledRule compile(int index, Rule rule, VerificationContext context) {
    if (rule instanceof Rule.Anomaly r) {
      return new WatchedMetric(r, metricAnalyzer(r), context);
    }
    Check empty = new Check(level(rule.severity()), "#" + index + " " + rule.name(), Check.apply$default$3());
    String metric = RuleMetrics.metricName(rule);
    String threshold = RuleMetrics.threshold(rule);
    if (rule instanceof Rule.Completeness r) {
      Check check = empty.hasCompleteness(r.column(), Scala.onDouble(v -> v >= r.min()), Scala.none(), Scala.none());
      return new CheckedRule(rule, check, List.of(new Part(metric, threshold, nulls(r.column()))), true);
    }
    if (rule instanceof Rule.NotNull r) {
      Check check = empty.isComplete(r.column(), Scala.none(), Scala.none());
      return new CheckedRule(rule, check, List.of(new Part(metric, threshold, nulls(r.column()))), true);
    }
    if (rule instanceof Rule.Unique r) {
      return primaryKey(r, empty);
    }
    if (rule instanceof Rule.RowLevel r) {
      return compliance(r, empty);
    }
    if (rule instanceof Rule.RowCount r) {
      Check check = empty.hasSize(
          Scala.onLong(n -> (r.min() == null || n >= r.min()) && (r.max() == null || n <= r.max())), Scala.none());
      return new CheckedRule(rule, check, List.of(new Part(metric, threshold, Detail.NONE)), false);
    }
    throw new IllegalArgumentException(
        "Rule " + rule.name() + " (" + rule.kind() + ") is not evaluated by the Deequ suite");
  }

  /** The row count of the candidate, computed in the shared scan so fractions can be told as rows. */
  static Analyzer<?, Metric<?>> size() {
    return Scala.analyzer(new Size(Scala.none()));
  }

  /** Uniqueness of the key over the rows with a key, plus completeness of each key column: nulls are no key. */
  private static CompiledRule primaryKey(Rule.Unique rule, Check empty) {
    Check check = empty.hasUniqueness(Scala.seq(rule.columns()), Scala.onDouble(v -> v == 1), Scala.none(),
        Scala.none());
    List<Part> parts = new ArrayList<>();
    parts.add(new Part(RuleMetrics.metricName(rule), RuleMetrics.threshold(rule),
        (v, rows) -> rowsMissing(v, rows) + " of " + rows + " rows share their " + String.join(", ", rule.columns())
            + " with another row"));
    for (String column : rule.columns()) {
      check = check.isComplete(column, Scala.none(), Scala.none());
      parts.add(new Part("completeness(" + column + ")", "== 1", nulls(column)));
    }
    return new PrimaryKey(new CheckedRule(rule, check, parts, true), check, rule.columns());
  }

  /** Row-level rules: the fraction of rows whose passing predicate holds (null counts as failing). */
  private static CompiledRule compliance(Rule.RowLevel rule, Check empty) {
    double min = rule instanceof Rule.Predicate p ? p.minFraction() : 1.0;
    String predicate = rule.passingRowPredicate();
    Check check = empty.satisfies(
        predicate, rule.name(), Scala.onDouble(v -> v >= min), Scala.none(), Scala.list(columns(rule)), Scala.none());
    Detail detail = (v, rows) -> "in " + rowsMissing(v, rows) + " of " + rows + " rows " + RuleMetrics.violation(rule);
    return new CheckedRule(
        rule, check, List.of(new Part(RuleMetrics.metricName(rule), RuleMetrics.threshold(rule), detail)), true);
  }

  /** The columns a row-level rule names, for Deequ's precondition that they exist. */
  private static List<String> columns(Rule.RowLevel rule) {
    if (rule instanceof Rule.AllowedValues r) {
      return List.of(r.column());
    } else if (rule instanceof Rule.Range r) {
      return List.of(r.column());
    } else if (rule instanceof Rule.Pattern r) {
      return List.of(r.column());
    } else if (rule instanceof Rule.NotNull r) {
      return List.of(r.column());
    }
    return List.of(); // free SQL: resolved against the candidate before the run instead
  }

  private static Analyzer<?, Metric<?>> metricAnalyzer(Rule.Anomaly rule) {
    String column = rule.column();
    return Scala.analyzer(switch (rule.metric()) {
      case ROW_COUNT -> new Size(Scala.none());
      case COMPLETENESS -> new Completeness(column, Scala.none(), Scala.none());
      case MEAN -> new Mean(column, Scala.none());
      case MIN -> new Minimum(column, Scala.none(), Scala.none());
      case MAX -> new Maximum(column, Scala.none(), Scala.none());
      case SUM -> new Sum(column, Scala.none());
      case APPROX_DISTINCT_COUNT -> new ApproxCountDistinct(column, Scala.none());
      case DISTINCT_COUNT -> new CountDistinct(Scala.seq(List.of(column)));
    });
  }

  private static Detail nulls(String column) {
    return (v, rows) -> column + " is null in " + rowsMissing(v, rows) + " of " + rows + " rows";
  }

  private static scala.Enumeration.Value level(Severity severity) {
    return severity == Severity.ERROR ? CheckLevel.Error() : CheckLevel.Warning();
  }
}
