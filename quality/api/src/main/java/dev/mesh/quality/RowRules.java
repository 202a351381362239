package dev.mesh.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The quarantining rules of a product (row-level, {@link Severity#ERROR}, {@link OnFailure#QUARANTINE}) as plain
 * Spark columns, so the framework can judge every row in the pass that writes the output:
 *
 * <ol>
 *   <li>{@link #mark}: add {@link #FAILED_RULES} ({@code array<string>}, the names of the rules the row fails);
 *   <li>cache the marked candidate (it is read three times below);
 *   <li>{@link #passing} / {@link #failing} split it; failing rows go to the quarantine table with
 *       {@link #quarantineRows} (run id and rule names attached);
 *   <li>verify {@code passing} with {@link #remaining} rules: row count, uniqueness, anomalies then describe what is
 *       published;
 *   <li>{@link #report}: one report with the quarantine outcomes from {@link #tally} and the verification's.
 * </ol>
 *
 * <p>A quarantining {@link Rule.Predicate} sends every row failing its SQL to quarantine; its {@code minFraction} does
 * not apply then.
 */
public final class RowRules {
  /** The column {@link #mark} adds: names of the quarantining rules a row fails, empty when it passes all. */
  public static final String FAILED_RULES = "_mesh_failed_rules";

  /** The run id column {@link #quarantineRows} adds. */
  public static final String RUN_ID = "_mesh_run_id";

  private final List<Rule.RowLevel> rules;

  private RowRules(List<Rule.RowLevel> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules of {@code rules} that quarantine failing rows; the others stay with the verification. */
  public static RowRules quarantining(List<Rule> rules) {
    List<Rule.RowLevel> selected = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule instanceof Rule.RowLevel r
          && r.severity() == Severity.ERROR
          && r.onFailure() == OnFailure.QUARANTINE) {
        selected.add(r);
      }
    }
    return new RowRules(selected);
  }

  public List<Rule.RowLevel> rules() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The rules left for the verification of the passing rows: all of {@code all} but the quarantining ones. */
  public List<Rule> remaining(List<Rule> all) {
    return all.stream().filter(r -> !rules.contains(r)).toList();
  }

  /**
   * An {@code array<string>} column with the names of the rules the row fails, in declaration order; empty when the
   * row passes all (or there are no quarantining rules). A predicate that is null counts as failing.
   */
  public Column failedRules() {
    if (rules.isEmpty()) {
      return array().cast(DataTypes.createArrayType(DataTypes.StringType));
    }
    Column[] verdicts = rules.stream()
        .map(r -> when(not(coalesce(expr(r.passingRowPredicate()), lit(false))), lit(r.name())))
        .toArray(Column[]::new);
    // when() without otherwise() is null for passing rows; array_compact drops those nulls
    return array_compact(array(verdicts));
  }

  /** {@code candidate} with the {@link #FAILED_RULES} column added. */
  public Dataset<Row> mark(Dataset<Row> candidate) {
    return candidate.withColumn(FAILED_RULES, failedRules());
  }

  /** The rows of a {@link #mark marked} candidate that pass every quarantining rule, without the marker column. */
  public Dataset<Row> passing(Dataset<Row> marked) {
    return marked.where(size(col(FAILED_RULES)).equalTo(0)).drop(FAILED_RULES);
  }

  /** The rows of a {@link #mark marked} candidate that fail a quarantining rule, with the marker column. */
  public Dataset<Row> failing(Dataset<Row> marked) {
    return marked.where(size(col(FAILED_RULES)).gt(0));
  }

  /** The failing rows as the quarantine table stores them: their columns, the failed rule names, the run id. */
  public Dataset<Row> quarantineRows(Dataset<Row> marked, String runId) {
    return failing(marked).withColumn(RUN_ID, lit(runId));
  }

  /** Counts total, quarantined, and per-rule failing rows of a {@link #mark marked} candidate in one aggregation. */
  public QuarantineTally tally(Dataset<Row> marked) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count_if(size(col(FAILED_RULES)).gt(0)));
    for (Rule.RowLevel rule : rules) {
      aggregates.add(count_if(array_contains(col(FAILED_RULES), rule.name())));
    }
    Row counts = marked.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      byRule.put(rules.get(i).name(), counts.getLong(i + 2));
    }
    return new QuarantineTally(counts.getLong(0), counts.getLong(1), byRule);
  }

  /** One outcome per quarantining rule: {@code QUARANTINED} with its row count, or {@code PASSED} with 0. */
  public List<RuleOutcome> outcomes(QuarantineTally tally) {
    return rules.stream().map(r -> RuleOutcome.quarantined(r, tally.rows(r.name()), tally.totalRows())).toList();
  }

  /**
   * The product's one report: the quarantine outcomes and the verification of the passing rows, in the order
   * {@code all} declares the rules; its row count is that of the passing rows.
   */
  public QualityReport report(QuarantineTally tally, QualityReport verifiedPassing, List<Rule> all) {
    return verifiedPassing.plus(outcomes(tally)).inOrderOf(all).withRows(tally.totalRows() - tally.quarantinedRows());
  }
}
