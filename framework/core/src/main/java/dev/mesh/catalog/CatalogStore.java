package dev.mesh.catalog;

import dev.mesh.model.ProductId;
import dev.mesh.storage.CommitRetry;
import dev.mesh.storage.TableLayout;
import dev.mesh.storage.TableStore;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and appends the catalog tables, queryable as {@code mesh.<table>} and written through the table store of
 * their format ({@code mesh.catalog-tables}): Delta tables where {@link dev.mesh.storage.TableLayout} puts them
 * ({@code <delta-root>/mesh/<table>}, the embedded default), or Iceberg tables {@code <iceberg catalog>.mesh.<table>}
 * (with a catalog service, whose atomic commits serve any number of drivers). Appends are blind (they read nothing),
 * so concurrent runs never conflict on them; creating a table and rare conflicts are retried with backoff
 * ({@link CommitRetry#CATALOG}), so no row is lost.
 */
public final class CatalogStore {

  private final SparkSession spark;
  private final TableStore store;
  /** Whether appends try the store's writer without Spark first ({@link TableStore#appendRows}). */
  private final boolean sparkLessAppends;
  /** Made on first use. */
  private CatalogReader reader;
  private java.util.Set<String> knownDescriptors;

  public CatalogStore(SparkSession spark, TableStore store) {
    this(spark, store, true);
  }

  /**
   * @param sparkLessAppends whether to append without Spark where the store can (false: always through Spark, as a
   *     test's second writer)
   */
  CatalogStore(SparkSession spark, TableStore store, boolean sparkLessAppends) {
    this.spark = spark;
    this.store = store;
    this.sparkLessAppends = sparkLessAppends;
  }

  public String location(CatalogTable table) {
    return store.location(id(table));
  }

  /** The folder holding the catalog tables (where they are Delta tables). */
  private String folder() {
    String runs = location(CatalogTable.RUNS);
    return runs.substring(0, runs.lastIndexOf('/'));
  }

  private static ProductId id(CatalogTable table) {
    return TableLayout.catalogTable(table.tableName());
  }

  /** Creates every missing catalog table (empty, with its schema); safe to call from several processes. */
  public void ensureCreated() {
    for (CatalogTable t : CatalogTable.values()) {
      if (!exists(t)) {
        retrying(
            "create " + t.qualifiedName(),
            () -> {
              if (!exists(t)) {
                try {
                  store.append(id(t), spark.createDataFrame(List.of(), t.schema()), false);
                } catch (RuntimeException e) {
                  // Another driver created it at the same moment (a REST catalog's JDBC backend then answers with a
                  // server error for the duplicate key rather than "already exists"): fine if it is there now.
                  if (!exists(t)) {
                    throw e;
                  }
                }
              }
            });
      }
    }
  }

  /** Whether the table has been created (on the embedded default, from its log without a Spark job). */
  public boolean exists(CatalogTable t) {
    return store.exists(id(t));
  }

  /**
   * Appends rows (which must follow {@code t.schema()}) in one commit: without a Spark job where the store can
   * ({@link TableStore#appendRows}: Delta Kernel, Iceberg's own API), else through Spark with schema evolution, so that
   * a column added to a catalog table in a newer mesh appears in an older warehouse.
   */
  public void append(CatalogTable t, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    retrying(
        "append to " + t.qualifiedName(),
        () -> {
          if (!(sparkLessAppends && store.appendRows(id(t), t.schema(), rows))) {
            store.appendBlind(id(t), spark.createDataFrame(rows, t.schema()).coalesce(1), true);
          }
        });
  }

  /**
   * {@code <id>@<descriptor hash>} of every product version in {@code mesh.products}, read once per process and kept
   * up to date by this process's appends (a version another process adds at the same time may be recorded twice,
   * which readers tolerate: they take the latest row).
   */
  public synchronized java.util.Set<String> knownDescriptorHashes() {
    if (knownDescriptors == null) {
      java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
      for (CatalogRow r : reader().read(CatalogTable.PRODUCTS, List.of("id", "descriptor_hash"), x -> true)) {
        known.add(r.string("id") + "@" + r.string("descriptor_hash"));
      }
      knownDescriptors = known;
    }
    return knownDescriptors;
  }

  /**
   * A reader of these catalog tables for the questions a run asks (known descriptor versions, open alerts): Delta
   * Kernel where they are local Delta tables (no Spark job), else Spark ({@link CatalogReader#of}).
   */
  public synchronized CatalogReader reader() {
    if (reader == null) {
      reader = CatalogReader.of(store.format(), this::folder, () -> this);
    }
    return reader;
  }

  /**
   * How many data files the table's current version has (what makes a catalog query slow as runs pile up; on the
   * embedded default read from its log without a Spark job).
   */
  public long fileCount(CatalogTable t) {
    return store.fileCount(id(t));
  }

  /**
   * Compacts every catalog table that has more than {@code maxFiles} data files into few large ones (one commit;
   * concurrent blind appends do not conflict with it and readers keep their snapshot).
   *
   * @return the tables compacted, with their file counts before and after
   */
  public java.util.Map<CatalogTable, long[]> compact(long maxFiles) {
    java.util.Map<CatalogTable, long[]> done = new java.util.LinkedHashMap<>();
    for (CatalogTable t : CatalogTable.values()) {
      if (!exists(t)) {
        continue;
      }
      long before = fileCount(t);
      if (before > maxFiles) {
        retrying("compact " + t.qualifiedName(), () -> store.compact(id(t)));
        done.put(t, new long[] {before, fileCount(t)});
      }
    }
    return done;
  }

  /**
   * The shortest retention the catalog tables are expired with: every run appends to them without a lease, so a
   * shorter one could delete a file an append has written but not yet committed.
   */
  public static final java.time.Duration MIN_RETENTION = java.time.Duration.ofDays(1);

  /** The retention the catalog tables are expired with when {@code retention} is asked: never under {@link #MIN_RETENTION}. */
  public static java.time.Duration retentionFor(java.time.Duration retention) {
    return retention.compareTo(MIN_RETENTION) < 0 ? MIN_RETENTION : retention;
  }

  /**
   * Expires every catalog table to {@code retention} (at least {@link #MIN_RETENTION}): the files that only versions
   * superseded longer ago need, compactions' leftovers above all, are deleted ({@code TableStore#expire}).
   *
   * @return the tables expired, with how many files each gave up
   */
  public java.util.Map<CatalogTable, Long> expire(java.time.Duration retention) {
    java.time.Duration kept = retentionFor(retention);
    java.util.Map<CatalogTable, Long> done = new java.util.LinkedHashMap<>();
    for (CatalogTable t : CatalogTable.values()) {
      if (exists(t)) {
        done.put(t, store.expire(id(t), kept));
      }
    }
    return done;
  }

  /** The file count above which {@link #compact} is run after a command's runs (one commit per run adds a file). */
  public static final long COMPACT_ABOVE_FILES = 200;

  public Dataset<Row> read(CatalogTable t) {
    return store.readCurrent(spark, id(t));
  }

  private static void retrying(String what, Runnable action) {
    CommitRetry.CATALOG.run(
        what,
        "the table is unchanged",
        () -> {
          action.run();
          return null;
        });
  }
}
