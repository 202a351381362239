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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One rule translated to Deequ: what it adds to the shared {@code VerificationSuite} (a check, analyzers) and how it
 * reads its outcome back from the suite's result.
 */
interface CompiledRule {

  Rule rule();

  Optional<Check> check();

  List<Analyzer<?, Metric<?>>> analyzers();

  /**
   * What the rule needs beyond the suite's run, computed from the candidate once the run is done (under the suite's
   * options): {@code result} with it added. Nothing by default; a unique rule's grouping ({@link PrimaryKey}).
   */
  default VerificationResult afterSuite(Dataset<Row> candidate, VerificationResult result) {
    return result;
  }

  /**
   * @param rows the candidate's row count from the same run, empty if it could not be computed
   */
  RuleOutcome outcome(VerificationResult result, OptionalLong rows);
}
