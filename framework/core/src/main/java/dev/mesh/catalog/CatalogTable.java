package dev.mesh.catalog;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The shared catalog tables, in namespace {@code mesh}, and their schemas (declared once, here). */
public enum CatalogTable {
  PRODUCTS(
      "products",
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("name", DataTypes.StringType, false)
          .add("version", DataTypes.StringType, false)
          .add("owner_team", DataTypes.StringType)
          .add("owner_contact", DataTypes.StringType)
          .add("description", DataTypes.StringType)
          .add("format", DataTypes.StringType)
          .add("write_mode", DataTypes.StringType)
          .add("location", DataTypes.StringType)
          .add("schema_json", DataTypes.StringType)
          .add("sla_json", DataTypes.StringType)
          .add("inputs", DataTypes.createArrayType(DataTypes.StringType))
          .add("tags", DataTypes.createArrayType(DataTypes.StringType))
          .add("schedule", DataTypes.StringType)
          .add("descriptor_hash", DataTypes.StringType)
          .add("updated", DataTypes.TimestampType)),
  RUNS(
      "runs",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, false)
          .add("product_version", DataTypes.StringType)
          .add("logical_date", DataTypes.DateType)
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType)
          .add("duration_ms", DataTypes.LongType)
          .add("rows_written", DataTypes.LongType)
          .add("table_version", DataTypes.LongType)
          .add("quality_summary", DataTypes.StringType)
          .add("error", DataTypes.StringType)
          .add("timings_ms", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          // Added after the first release: appended with schema evolution, so older warehouses gain it.
          .add("warnings", DataTypes.createArrayType(DataTypes.StringType))
          // Added with alerts (additive too): whether the run was a failure drill (--fail), and where its log is.
          .add("drill", DataTypes.BooleanType)
          .add("log", DataTypes.StringType)
          // Added with mesh rollback (additive too): on a rolled-back row, the run whose version it made current
          // again (on a released row, mesh release's, the hold it lifted), and the reason given.
          .add("restored_run", DataTypes.StringType)
          .add("reason", DataTypes.StringType)),
  QUALITY(
      "quality",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, false)
          .add("logical_date", DataTypes.DateType)
          .add("rule", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("threshold", DataTypes.StringType)
          .add("severity", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("message", DataTypes.StringType)
          .add("table_version", DataTypes.LongType)
          .add("recorded_at", DataTypes.TimestampType)),
  /**
   * What each run read and wrote: one {@code table} row per input (the exact version read, the version written),
   * and one {@code column} row per (output column, input column) pair, {@code direct} when values flow from the input
   * column, {@code indirect} when it only decides which rows there are (filter, join, group key, sort, condition).
   */
  LINEAGE(
      "lineage",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, false)
          .add("logical_date", DataTypes.DateType)
          .add("status", DataTypes.StringType)
          .add("level", DataTypes.StringType, false)
          .add("input", DataTypes.StringType)
          .add("input_alias", DataTypes.StringType)
          .add("input_version", DataTypes.LongType)
          .add("output_version", DataTypes.LongType)
          .add("output_column", DataTypes.StringType)
          .add("input_column", DataTypes.StringType)
          .add("kind", DataTypes.StringType)
          .add("subtype", DataTypes.StringType)
          .add("recorded_at", DataTypes.TimestampType)
          .add("input_table", DataTypes.StringType)),
  /**
   * Every alert event (an alert raised, sent again while still open, or resolved) and its delivery: one row per
   * channel and recipient it was routed to ({@code delivered}, or {@code undelivered} with the error), or one row with
   * no channel ({@code unrouted}) when no route matches. An open alert seen again before its re-notify interval adds no
   * row. The latest row of an alert {@code key} tells whether it is open.
   */
  ALERTS(
      "alerts",
      new StructType()
          .add("alert_id", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("event", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType)
          .add("product", DataTypes.StringType)
          .add("domain", DataTypes.StringType)
          .add("owner_team", DataTypes.StringType)
          .add("owner_contact", DataTypes.StringType)
          .add("logical_date", DataTypes.DateType)
          .add("summary", DataTypes.StringType)
          .add("rule", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("threshold", DataTypes.StringType)
          .add("command", DataTypes.StringType)
          .add("table_version", DataTypes.LongType)
          .add("run_id", DataTypes.StringType)
          .add("channel", DataTypes.StringType)
          .add("recipient", DataTypes.StringType)
          .add("delivery", DataTypes.StringType, false)
          .add("attempts", DataTypes.IntegerType)
          .add("delivery_error", DataTypes.StringType)
          .add("raised_at", DataTypes.TimestampType)
          .add("recorded_at", DataTypes.TimestampType));

  private final String tableName;
  private final StructType schema;

  CatalogTable(String tableName, StructType schema) {
    this.tableName = tableName;
    this.schema = schema;
  }

  /** The name within namespace {@code mesh}, e.g. {@code runs} for {@code mesh.runs}. */
  public String tableName() {
    return tableName;
  }

  public String qualifiedName() {
    return "mesh." + tableName;
  }

  /** Every catalog table's qualified name, as a query names it. */
  public static java.util.List<String> qualifiedNames() {
    return java.util.Arrays.stream(values()).map(CatalogTable::qualifiedName).toList();
  }

  public StructType schema() {
    return schema;
  }
}
