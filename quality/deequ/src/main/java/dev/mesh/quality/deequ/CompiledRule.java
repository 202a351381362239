package dev.mesh.quality.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One rule translated to Deequ: what it adds to the shared {@code VerificationSuite} (a check, analyzers) and how it
 * reads its outcome back from the suite's result.
 */
interface CompiledRule {

  Rule rule();

  Optional<Check> check();

  List<Analyzer<?, Metric<?>>> analyzers();

  /**
   * @param rows the candidate's row count from the same run, empty if it could not be computed
   */
  RuleOutcome outcome(VerificationResult result, OptionalLong rows);
}
