package dev.mesh.spark;

import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Keeps what analysts type read-only (the notebook kernel's cells and {@code mesh sql}): a statement is parsed, not
 * run, and refused when it would change a table, a view or the catalog — INSERT, MERGE, UPDATE, DELETE, TRUNCATE,
 * CREATE / DROP / ALTER of tables and persisted views, ALTER / DROP of namespaces. Queries, SHOW / DESCRIBE / EXPLAIN,
 * SET, caching and session-local temporary views pass. Products are only written by their runs, so their contract,
 * quality gate, lineage and run record stay true.
 */
public final class ReadOnlyGuard {
  /** Commands that read, or change only this session's state. */
  private static final Set<String> ALLOWED_COMMANDS = Set.of(
      "SetCommand", "ResetCommand", "SetCatalogAndNamespace", "SetNamespaceCommand", "ExplainCommand",
      "ShowCatalogsCommand", "ClearCacheCommand", "UncacheTable", "CacheTable", "CacheTableAsSelect",
      "RefreshTableCommand", "RefreshTable", "CreateTempViewUsing");

  private ReadOnlyGuard() {}

  /**
   * Why {@code statement} would change the mesh (e.g. {@code "the statement (DeleteFromTable)"}), or empty when it
   * only reads. A statement that does not parse is not refused here: running it reports the syntax error.
   */
  public static java.util.Optional<String> refusal(SparkSession spark, String statement) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(refusal(plan));
  }

  /** Why the plan is refused, or null when it only reads. */
  public static String refusal(LogicalPlan plan) {
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
