package dev.mesh.quality.deequ;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * What a candidate's own query already guarantees about a key, read from Spark's plan without running a job.
 *
 * <p>Spark's optimizer tracks the <em>distinct keys</em> of every logical plan ({@code LogicalPlan.distinctKeys}): sets
 * of output columns that no two rows share, known from the operators themselves, e.g. the grouping columns of an
 * aggregation ({@code GROUP BY order_date, nation} yields one row per pair) carried up through projections that only
 * rename them, filters, sorts and limits. It removes redundant distincts and aggregations with it. A unique rule whose
 * key contains such a set holds by construction for every row the plan can produce, so counting the key's frequencies
 * could only confirm it. Anything Spark cannot vouch for (a cast or other expression over a key column, a union, a
 * plan it does not know) gives no distinct key, and the rule is counted as before.
 */
final class PlanKeys {
  private PlanKeys() {}

  /** Whether the plan of {@code candidate} guarantees that no two of its rows share a value of {@code columns}. */
  static boolean unique(Dataset<Row> candidate, List<String> columns) {
    Set<ExprId> key = new HashSet<>();
    for (String c : columns) {
      Expression e = candidate.col(c).expr();
      if (!(e instanceof Attribute a)) {
        return false;
      }
      key.add(a.exprId());
    }
    // The analysed plan: the candidate's query as written, before a cache stands in for it (a cached plan is a leaf
    // with no distinct keys of its own).
    LogicalPlan plan = candidate.queryExecution().analyzed();
    scala.collection.Iterator<ExpressionSet> distinct = plan.distinctKeys().iterator();
    while (distinct.hasNext()) {
      if (within(distinct.next(), key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every expression of a distinct key is a column of {@code key}: the key then holds a distinct subset, so
   * it is distinct itself. (An empty distinct key is a plan of at most one row.)
   */
  private static boolean within(ExpressionSet distinct, Set<ExprId> key) {
    scala.collection.Iterator<Expression> it = distinct.iterator();
    while (it.hasNext()) {
      if (!(it.next() instanceof Attribute a) || !key.contains(a.exprId())) {
        return false;
      }
    }
    return true;
  }
}
