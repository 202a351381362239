package dev.mesh.api;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a transform may use: its declared inputs by alias, the logical date, and the session. */
public interface TransformContext {

  /** The input declared under {@code alias}; an unknown alias is an error naming the declared ones. */
  Dataset<Row> input(String alias);

  /** The logical date of this run (the day the data is about), as passed with {@code --date}. */
  LocalDate logicalDate();

  /** The product being computed, e.g. {@code sales.orders}. */
  String productId();

  /** The run's id, for tagging rows if needed. */
  String runId();

  SparkSession spark();

  /**
   * This product's own table as currently published, for products that build on their previous state (history,
   * snapshots, running totals); empty before the first successful run.
   */
  java.util.Optional<Dataset<Row>> published();
}
