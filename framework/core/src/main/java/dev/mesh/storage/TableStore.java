package dev.mesh.storage;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

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

  /**
   * Appends {@code data} to a table of the platform (a quarantine or a catalog table) in one blind commit: it reads
   * nothing, so concurrent appends from any number of drivers never lose a row. Creates the table on first write;
   * with {@code evolveSchema} new columns are added. Returns the version this commit produced.
   */
  long append(ProductId table, Dataset<Row> data, boolean evolveSchema);

  /**
   * {@link #append} for a writer that needs no version back (the catalog's records of a run): the same one blind
   * commit, without the reads of the table's log before and after it that finding its version takes.
   */
  default void appendBlind(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    append(table, data, evolveSchema);
  }

  /**
   * Appends a few rows (a catalog table's records of a run) in one blind commit written from this JVM, with no Spark
   * job, where this store can write them exactly: Delta Kernel on a local file system, Iceberg's own API. A Spark append
   * of a few rows costs a write job and a snapshot rebuild, several times each run.
   *
   * @return false, having written nothing, where it cannot (a missing or partitioned table, one whose columns are not
   *     {@code schema}'s, a table feature the direct writer does not write): the caller then appends through Spark
   *     with {@link #appendBlind}, which also evolves the schema
   */
  boolean appendRows(ProductId table, StructType schema, List<Row> rows);

  /** Reads a table at its current version. */
  Dataset<Row> readCurrent(SparkSession session, ProductId table);

  /** How many data files the table's current version has. */
  long fileCount(ProductId table);

  /**
   * Undoes this run's commit of a table whose second write failed (a product's port after its clear table): back to
   * {@code previous} (Delta: a RESTORE commit to that version's files; Iceberg: the current snapshot set back to
   * {@code previous}), or, for a table the run created ({@code previous} null), the table dropped and its files
   * deleted. Readers see {@code previous}'s rows again.
   */
  void rollback(ProductId table, Long previous);

  /**
   * Makes {@code version}'s rows the table's current rows again, in one commit, for {@code mesh rollback}: Delta, a
   * RESTORE commit to that version's files (a new version); Iceberg, the current snapshot set to {@code version}
   * (any snapshot still kept, not only an ancestor). Readers see the previous current version until it succeeds.
   * Fails when {@code version}'s files were deleted ({@link #expire}).
   *
   * @return the version that is current after it: the RESTORE commit's own version (Delta), {@code version} (Iceberg)
   */
  long restore(SparkSession session, ProductId table, long version);

  /** Compacts the table's small files into few large ones, in one commit that concurrent appends do not conflict with. */
  void compact(ProductId table);

  /**
   * Deletes the files that only versions superseded more than {@code retention} ago need, in the table format's own
   * way (Delta: VACUUM; Iceberg: the snapshots older than that expired, the current one always kept, and the files
   * only they referenced deleted). The current version, its rows and its version number do not change; a version
   * superseded within {@code retention} stays readable. The caller keeps writers of the table away meanwhile (mesh
   * maintain holds the product's lease): a retention shorter than a write takes could delete a writer's new files.
   *
   * @return how many files were deleted
   */
  long expire(ProductId table, java.time.Duration retention);
}
