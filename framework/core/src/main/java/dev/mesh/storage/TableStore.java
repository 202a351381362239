package dev.mesh.storage;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where products of one table format live, and how they are read and written. Every write is one atomic commit:
 * readers see the previous version until it succeeds, and keep seeing it if it fails.
 */
public interface TableStore {

  TableFormat format();

  /** The table's location (a path or URI). */
  String location(ProductId id);

  /** A fully qualified name Spark SQL resolves to this table, e.g. {@code iceberg.sales.orders}. */
  String qualifiedName(ProductId id);

  boolean exists(ProductId id);

  /** The current version (Delta) or snapshot id (Iceberg); empty when never published. */
  Optional<Long> currentVersion(ProductId id);

  /** The table as of {@code version} (as returned by {@link #currentVersion}), bound to {@code session}. */
  Dataset<Row> read(SparkSession session, ProductId id, long version);

  /**
   * Writes {@code data} as {@code output.mode()} says, creating the table on first write; returns the version its
   * own commit produced. A commit that lost to a concurrent writer committed nothing and is tried again as
   * {@link CommitRetry#PRODUCTS} says.
   */
  default long write(ProductId id, Dataset<Row> data, OutputSpec output) {
    return write(id, data, output, CommitRetry.PRODUCTS);
  }

  /**
   * {@link #write(ProductId, Dataset, OutputSpec)} with this retry policy: {@link CommitRetry#ONCE} for data computed
   * from the table's own previous version, which a concurrent commit made stale (trying again would overwrite that
   * commit with a result that never saw it).
   */
  long write(ProductId id, Dataset<Row> data, OutputSpec output, CommitRetry retry);
}
