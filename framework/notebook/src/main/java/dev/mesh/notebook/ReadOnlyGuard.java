package dev.mesh.notebook;

import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Keeps notebooks read-only: a statement is parsed (not run) and refused when it would change a table, a view or
 * the catalog. Queries, SHOW / DESCRIBE / EXPLAIN, SET and session-local temporary views pass. Products are only
 * written by their runs, so their quality gates and lineage stay true.
 */
final class ReadOnlyGuard {
  /** Commands that read, or change only this session's state. */
  private static final Set<String> ALLOWED_COMMANDS = Set.of(
      "SetCommand", "ResetCommand", "SetCatalogAndNamespace", "SetNamespaceCommand", "ExplainCommand",
      "ShowCatalogsCommand", "ClearCacheCommand", "UncacheTable", "CacheTable", "CacheTableAsSelect",
      "RefreshTableCommand", "RefreshTable", "CreateTempViewUsing");

  private ReadOnlyGuard() {}

  static void check(SparkSession spark, String statement) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (Exception e) {
      // Not parsable: let spark.sql report the syntax error itself.
      return;
    }
    String refused = refusal(plan);
    if (refused != null) {
      throw new NotebookException(
          "Not run: this notebook kernel is read-only, and " + refused + " would change the mesh. "
              + "Products are written by their runs (bin/mesh run <product>), so their quality gates and lineage hold. "
              + "For scratch results, use a temporary view: CREATE TEMPORARY VIEW v AS SELECT ...");
    }
  }

  /** Why the plan is refused, or null when it only reads. */
  static String refusal(LogicalPlan plan) {
    String name = plan.getClass().getSimpleName();
    if (name.startsWith("Show") || name.startsWith("Describe") || ALLOWED_COMMANDS.contains(name)) {
      return null;
    }
    if (name.equals("CreateViewCommand") || name.equals("CreateView")) {
      // CREATE TEMPORARY VIEW is session-local; a persisted view would be written to the catalog.
      return plan.toString().contains("LocalTempView") || plan.toString().contains("GlobalTempView") ? null : "CREATE VIEW";
    }
    if (plan instanceof Command || name.equals("InsertIntoStatement")) {
      return "the statement (" + name.replaceAll("(Command|Statement)$", "") + ")";
    }
    return null;
  }
}
