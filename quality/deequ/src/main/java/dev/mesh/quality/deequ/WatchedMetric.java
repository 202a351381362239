package dev.mesh.quality.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.AnomalyCheck;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleMetrics;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleValidator;
import dev.mesh.quality.VerificationContext;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An anomaly rule: its metric is computed by a Deequ analyzer in the shared run, then judged against the product's
 * history by {@link AnomalyCheck}. The history is the caller's ({@link VerificationContext#history}), not a Deequ
 * metrics repository, so concurrent runs append to one table instead of rewriting a file.
 */
final class WatchedMetric implements CompiledRule {
  private final Rule.Anomaly rule;
  private final Analyzer<?, Metric<?>> analyzer;
  private final VerificationContext context;

  WatchedMetric(Rule.Anomaly rule, Analyzer<?, Metric<?>> analyzer, VerificationContext context) {
    this.rule = rule;
    this.analyzer = analyzer;
    this.context = context;
  }

  @Override
  public Rule rule() {
    return rule;
  }

  @Override
  public Optional<Check> check() {
    return Optional.empty();
  }

  @Override
  public List<Analyzer<?, Metric<?>>> analyzers() {
    return List.of(analyzer);
  }

  @Override
  public RuleOutcome outcome(VerificationResult result, OptionalLong rows) {
    String metric = RuleMetrics.metricName(rule);
    MetricValue measured = Scala.value(result.metrics().get(analyzer));
    if (!measured.present()) {
      return RuleOutcome.notEvaluated(
          rule, RuleValidator.cannotEvaluate(rule, "could not compute " + metric + ": " + measured.problem()));
    }
    List<Double> history;
    try {
      history = context.history(rule.name(), metric);
    } catch (RuntimeException e) {
      return RuleOutcome.notEvaluated(
          rule, RuleValidator.cannotEvaluate(rule, "its history of " + metric + " could not be read: "
              + Scala.reason(e)));
    }
    return AnomalyCheck.judge(rule, measured.value(), history);
  }
}
