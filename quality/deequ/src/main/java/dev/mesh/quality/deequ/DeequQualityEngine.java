package dev.mesh.quality.deequ;

import static org.apache.spark.sql.functions.expr;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.QualityEngine;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleMetrics;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleValidator;
import dev.mesh.quality.VerificationContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link QualityEngine} on Deequ. All rules of a product become checks and analyzers of ONE
 * {@code VerificationSuite} run, so Spark computes their metrics in one aggregation scan, plus one pass per grouping
 * metric, each one Spark job ({@link SuiteOptions}): a unique rule's grouping of its key ({@link PrimaryKey}), an
 * anomaly rule's exact distinct count (Deequ's own, with its own count of rows). Referential-integrity rules cost one
 * join each.
 *
 * <p>The candidate is not cached here: a caller with grouping or referential-integrity rules, or which writes the
 * candidate afterwards, should cache it first.
 *
 * <p>Every rule gets an outcome. A rule that cannot be evaluated (unknown column, SQL that does not resolve, a metric
 * Deequ could not compute) is {@code FAILED} ({@code error}) or {@code WARNED} ({@code warn}) with a message saying
 * why; it is kept out of the shared scan, where one bad expression would fail every metric.
 */
public final class DeequQualityEngine implements QualityEngine {

  @Override
  public QualityReport verify(Dataset<Row> candidate, List<Rule> rules, VerificationContext context) {
    RuleOutcome[] outcomes = new RuleOutcome[rules.size()];
    List<CompiledRule> compiled = new ArrayList<>();
    List<Integer> compiledAt = new ArrayList<>();
    List<Integer> references = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      Optional<String> problem = problemOn(candidate, rule);
      if (problem.isPresent()) {
        outcomes[i] = RuleOutcome.notEvaluated(rule, problem.get());
      } else if (rule instanceof Rule.ReferentialIntegrity) {
        references.add(i);
      } else {
        compiled.add(RuleCompiler.compile(i, rule, context));
        compiledAt.add(i);
      }
    }
    Suite suite = runSuite(candidate, compiled);
    for (int j = 0; j < compiled.size(); j++) {
      outcomes[compiledAt.get(j)] = suite.outcomes().get(j);
    }
    for (int i : references) {
      outcomes[i] = referenceOutcome(candidate, (Rule.ReferentialIntegrity) rules.get(i), context);
    }
    return new QualityReport(Arrays.asList(outcomes), suite.rows());
  }

  /** The suite's outcomes, in the order of the compiled rules, and the row count it computed in the same scan. */
  private record Suite(List<RuleOutcome> outcomes, OptionalLong rows) {}

  /**
   * Problems that keep rules from being evaluated on data of {@code schema} (unknown or non-numeric columns, SQL that
   * does not parse, impossible bounds, duplicate names), one sentence each. Needs no SparkSession: for planning.
   */
  public List<String> validate(StructType schema, List<Rule> rules) {
    return RuleValidator.validate(schema, rules);
  }

  /** One suite for all compiled rules; the outcomes come back in the order of {@code compiled}. */
  private static Suite runSuite(Dataset<Row> candidate, List<CompiledRule> compiled) {
    if (compiled.isEmpty()) {
      return new Suite(List.of(), OptionalLong.empty());
    }
    Analyzer<?, Metric<?>> size = RuleCompiler.size();
    VerificationRunBuilder run = VerificationSuite.apply().onData(candidate).addRequiredAnalyzer(size);
    for (CompiledRule rule : compiled) {
      rule.check().ifPresent(run::addCheck);
      rule.analyzers().forEach(run::addRequiredAnalyzer);
    }
    VerificationResult result;
    try {
      result = SuiteOptions.apply(candidate, () -> {
        VerificationResult scanned = run.run();
        for (CompiledRule rule : compiled) {
          scanned = rule.afterSuite(candidate, scanned);
        }
        return scanned;
      });
    } catch (RuntimeException e) {
      String why = "the Deequ verification run failed: " + Scala.reason(e);
      return new Suite(
          compiled.stream()
              .map(c -> RuleOutcome.notEvaluated(c.rule(), RuleValidator.cannotEvaluate(c.rule(), why)))
              .toList(),
          OptionalLong.empty());
    }
    MetricValue rowCount = Scala.value(result.metrics().get(size));
    OptionalLong rows = rowCount.present() ? OptionalLong.of(rowCount.value().longValue()) : OptionalLong.empty();
    List<RuleOutcome> outcomes = new ArrayList<>();
    for (CompiledRule rule : compiled) {
      try {
        outcomes.add(rule.outcome(result, rows));
      } catch (RuntimeException e) {
        outcomes.add(RuleOutcome.notEvaluated(
            rule.rule(), RuleValidator.cannotEvaluate(rule.rule(), "reading its Deequ result failed: "
                + Scala.reason(e))));
      }
    }
    return new Suite(outcomes, rows);
  }

  private static RuleOutcome referenceOutcome(
      Dataset<Row> candidate, Rule.ReferentialIntegrity rule, VerificationContext context) {
    try {
      return ReferenceCheck.evaluate(candidate, rule, context);
    } catch (RuntimeException e) {
      return RuleOutcome.notEvaluated(rule, RuleValidator.cannotEvaluate(rule, Scala.reason(e)));
    }
  }

  /**
   * Schema problems, then, for row-level rules, whether the predicate resolves to a boolean on this candidate. Spark
   * analyses the {@code select} eagerly without running a job, and catches what parsing alone cannot: unknown
   * functions, type errors.
   */
  static Optional<String> problemOn(Dataset<Row> candidate, Rule rule) {
    Optional<String> problem = RuleValidator.problem(candidate.schema(), rule);
    if (problem.isPresent() || !(rule instanceof Rule.RowLevel r)) {
      return problem;
    }
    String sql = RuleMetrics.sql(r);
    try {
      // the user's SQL alone first: the null-safe wrapper would turn a non-boolean into a confusing coalesce error
      DataType type = candidate.select(expr(sql)).schema().fields()[0].dataType();
      if (!type.equals(DataTypes.BooleanType)) {
        return Optional.of(RuleValidator.cannotEvaluate(
            rule, "its SQL " + sql + " is of type " + type.simpleString() + ", not boolean."));
      }
      candidate.select(expr(r.passingRowPredicate()));
      return Optional.empty();
    } catch (Exception e) { // AnalysisException and ParseException are checked in Scala's eyes, not in Java's
      return Optional.of(RuleValidator.cannotEvaluate(
          rule, "its SQL " + sql + " does not resolve on the candidate: " + RuleValidator.firstLine(e.getMessage())));
    }
  }
}
