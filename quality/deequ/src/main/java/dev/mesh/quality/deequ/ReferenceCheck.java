package dev.mesh.quality.deequ;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.mesh.quality.Format;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleMetrics;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleValidator;
import dev.mesh.quality.VerificationContext;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Referential integrity as one left join and one aggregation: the fraction of the candidate's non-null values found in
 * the reference product's column. Deequ's {@code ReferentialIntegrity.subsetCheck} is not used: it counts distinct
 * mismatching values against all rows, treats nulls as orphans and returns no ratio to report.
 */
final class ReferenceCheck {
  private ReferenceCheck() {}

  static RuleOutcome evaluate(Dataset<Row> candidate, Rule.ReferentialIntegrity rule, VerificationContext context) {
    Dataset<Row> reference;
    try {
      reference = context.product(rule.referenceProduct());
    } catch (RuntimeException e) {
      return RuleOutcome.notEvaluated(rule, RuleValidator.cannotEvaluate(
          rule, "the reference product " + rule.referenceProduct() + " is not available: " + Scala.reason(e)));
    }
    String[] known = reference.schema().fieldNames();
    if (Arrays.stream(known).noneMatch(f -> f.equalsIgnoreCase(rule.referenceColumn()))) {
      return RuleOutcome.notEvaluated(rule, RuleValidator.cannotEvaluate(
          rule, "column " + rule.referenceColumn() + " does not exist in " + rule.referenceProduct()
              + ". Known columns: " + String.join(", ", known) + "."));
    }
    // distinct keys: a value must count once however often the reference repeats it
    Dataset<Row> values = candidate.select(col(rule.column()).as("v")).where(col("v").isNotNull());
    Dataset<Row> keys = reference.select(col(rule.referenceColumn()).as("k")).distinct();
    Row counts = values.join(keys, col("v").equalTo(col("k")), "left")
        .agg(count(lit(1)), count(col("k")), min(when(col("k").isNull(), col("v")).cast("string")))
        .first();
    long total = counts.getLong(0);
    long orphans = total - counts.getLong(1);
    double fraction = total == 0 ? 1.0 : (total - orphans) / (double) total;
    String metric = RuleMetrics.metricName(rule);
    String where = rule.referenceProduct() + "." + rule.referenceColumn();
    String message = orphans == 0
        ? metric + " = " + Format.measured(fraction) + ": all " + total + " non-null values of " + rule.column()
            + " exist in " + where + "."
        : metric + " = " + Format.measured(fraction) + ", expected == 1: " + orphans + " of " + total
            + " non-null values of " + rule.column() + " are missing from " + where + " (e.g. " + counts.getString(2)
            + ").";
    return RuleOutcome.judged(rule, metric, fraction, RuleMetrics.threshold(rule), orphans == 0, message);
  }
}
