package dev.mesh.quality.deequ;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Analyzers$;
import com.amazon.deequ.analyzers.FrequenciesAndNumRows;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * A unique rule: the key's uniqueness over the rows that have a key, and the completeness of each key column, as one
 * Deequ check ({@link CheckedRule}) evaluated by Deequ against Deequ's metrics, one job less than Deequ's own run.
 *
 * <p>Deequ 2.1's runner computes a uniqueness from a frequency state, the key's row counts grouped ({@code
 * FrequencyBasedAnalyzer.computeFrequencies}), and counts the rows with a key in a job of its own, apart from the
 * shared scan of every other metric. Here that count is one more analyzer of the shared scan (Deequ's {@link Size}
 * over the rows with a key), and the state is the same grouping ({@link #frequencies}), handed to Deequ's {@link
 * Uniqueness} analyzer and then to the check: the grouping stays the rule's one pass of its own, the count rides on
 * the scan the suite makes anyway. (A later Deequ reuses the scan's row count itself.) When the candidate's plan
 * already makes the key distinct ({@link PlanKeys}: an aggregate product grouped by its key), there is no grouping
 * either: its uniqueness is 1 by construction.
 */
final class PrimaryKey implements CompiledRule {
  private final CheckedRule checked;
  private final Check check;
  private final List<String> columns;
  private final Uniqueness uniqueness;
  private final Analyzer<?, Metric<?>> keyedRows;
  private String problem; // why the uniqueness could not be computed, once afterSuite ran

  /** @param check Deequ's {@code hasUniqueness} over {@code columns} (no filter, no options), then any constraints */
  PrimaryKey(CheckedRule checked, Check check, List<String> columns) {
    this.checked = checked;
    this.check = check;
    this.columns = List.copyOf(columns);
    // equal to the analyzer hasUniqueness(columns, ...) looks its metric up by
    this.uniqueness = Uniqueness.apply(Scala.seq(this.columns), Scala.none(), Scala.none());
    this.keyedRows = Scala.analyzer(new Size(scala.Option.apply(anyKeyPresent(this.columns))));
  }

  @Override
  public Rule rule() {
    return checked.rule();
  }

  /** Not part of the suite's run: it is evaluated in {@link #afterSuite}, once its uniqueness is known. */
  @Override
  public Optional<Check> check() {
    return Optional.empty();
  }

  /** The check's scan metrics (the key columns' completeness) and the count of rows with a key, for the shared scan. */
  @Override
  public List<Analyzer<?, Metric<?>>> analyzers() {
    List<Analyzer<?, Metric<?>>> out = new ArrayList<>();
    for (Analyzer<?, Metric<?>> a : Scala.javaList(check.requiredAnalyzers().toSeq())) {
      if (!a.equals(uniqueness)) {
        out.add(a);
      }
    }
    out.add(keyedRows);
    return out;
  }

  /**
   * The key's uniqueness from its frequencies (one Spark job, none when the plan proves the key distinct) and the
   * scan's count of rows with a key, then the check evaluated by Deequ on the suite's metrics plus that one; {@code
   * result} with both added.
   */
  @Override
  public VerificationResult afterSuite(Dataset<Row> candidate, VerificationResult result) {
    MetricValue rowsWithAKey = Scala.value(result.metrics().get(keyedRows));
    if (!rowsWithAKey.present()) {
      problem = "could not count the rows with a key: " + rowsWithAKey.problem();
      return result;
    }
    Metric<?> metric;
    try {
      // A key the candidate's own query makes distinct (its GROUP BY, say): every key occurs once, so the uniqueness
      // of the rows with a key is 1, exactly what its frequencies would give, without the pass that groups them.
      metric = rowsWithAKey.value() > 0 && PlanKeys.unique(candidate, columns)
          ? uniqueness.toSuccessMetric(1.0, Scala.none())
          : uniqueness.computeMetricFrom(scala.Option.apply(
              new FrequenciesAndNumRows(frequencies(candidate), rowsWithAKey.value().longValue(), Scala.none())));
    } catch (RuntimeException e) {
      problem = "could not compute the uniqueness of " + String.join(", ", columns) + ": " + Scala.reason(e);
      return result;
    }
    scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics =
        result.metrics().$plus(new Tuple2<>(Scala.analyzer(uniqueness), metric));
    CheckResult evaluated = check.evaluate(AnalyzerContext.apply(metrics));
    return new VerificationResult(result.status(), result.checkResults().$plus(new Tuple2<>(check, evaluated)), metrics);
  }

  @Override
  public RuleOutcome outcome(VerificationResult result, OptionalLong rows) {
    if (problem != null && !(rows.isPresent() && rows.getAsLong() == 0)) {
      return RuleOutcome.notEvaluated(rule(), RuleValidator.cannotEvaluate(rule(), problem));
    }
    return checked.outcome(result, rows);
  }

  /**
   * The key's row counts, as Deequ's runner groups them for a uniqueness without a filter: the rows where at least one
   * key column is set, grouped by the key, counted into Deequ's count column.
   */
  private Dataset<Row> frequencies(Dataset<Row> candidate) {
    Column[] keys = columns.stream().map(c -> col(c)).toArray(Column[]::new);
    Column anyKey = lit(false);
    for (String c : columns) {
      anyKey = anyKey.or(col(c).isNotNull());
    }
    String counted = Analyzers$.MODULE$.COUNT_COL();
    Column[] projection = new Column[keys.length + 1];
    System.arraycopy(keys, 0, projection, 0, keys.length);
    projection[keys.length] = col(counted);
    return candidate.select(keys).where(anyKey).groupBy(keys).agg(count(lit(1)).alias(counted)).select(projection);
  }

  /** The SQL filter of the rows with a key: at least one key column not null. */
  private static String anyKeyPresent(List<String> columns) {
    return columns.stream().map(c -> "`" + c.replace("`", "``") + "` IS NOT NULL").collect(Collectors.joining(" OR "));
  }
}
