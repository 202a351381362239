package dev.mesh.catalog;

import dev.mesh.model.ProductId;
import dev.mesh.storage.CommitRetry;
import dev.mesh.storage.IcebergTableStore;
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
  /** Appends without Spark where the catalog is local Delta tables (the embedded default); else null. */
  private final DeltaKernelCatalogWriter kernel;
  /** Appends without Spark where the catalog is Iceberg tables (a catalog service); else null. */
  private final IcebergCatalogWriter iceberg;
  /** Reads them without Spark where {@link #kernel} appends; made on first use. */
  private DeltaKernelCatalogReader kernelReader;
  private java.util.Set<String> knownDescriptors;

  public CatalogStore(SparkSession spark, TableStore store) {
    this(spark, store, true);
  }

  /**
   * @param sparkLessAppends whether to append without Spark where it can, with Delta Kernel or Iceberg's API (false:
   *     always through Spark)
   */
  CatalogStore(SparkSession spark, TableStore store, boolean sparkLessAppends) {
    this.spark = spark;
    this.store = store;
    this.kernel =
        sparkLessAppends
                && store.format() == dev.mesh.model.TableFormat.DELTA
                && DeltaKernelCatalogReader.isLocal(store.location(id(CatalogTable.RUNS)))
            ? new DeltaKernelCatalogWriter()
            : null;
    this.iceberg = sparkLessAppends && store instanceof IcebergTableStore ? new IcebergCatalogWriter() : null;
  }

  public String location(CatalogTable table) {
    return store.location(id(table));
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

  /**
   * Whether the table has been created: from its Delta log through Kernel where this store appends with it (Spark's
   * check loads the table's snapshot with a Spark job, seconds of every command's start for the four tables), else
   * through the table store.
   */
  public boolean exists(CatalogTable t) {
    return kernel != null ? kernelReader().exists(t) : store.exists(id(t));
  }

  /**
   * Appends rows (which must follow {@code t.schema()}) in one commit: with Delta Kernel or Iceberg's own API where it
   * can (no Spark job; see {@link DeltaKernelCatalogWriter}, {@link IcebergCatalogWriter}), else through the table
   * store with schema evolution, so that a column added to a catalog table in a newer mesh appears in an older
   * warehouse.
   */
  public void append(CatalogTable t, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    retrying(
        "append to " + t.qualifiedName(),
        () -> {
          if (!appendedWithoutSpark(t, rows)) {
            store.appendBlind(id(t), spark.createDataFrame(rows, t.schema()).coalesce(1), true);
          }
        });
  }

  private boolean appendedWithoutSpark(CatalogTable t, List<Row> rows) {
    if (kernel != null) {
      return kernel.append(location(t), t.schema(), rows);
    }
    if (iceberg != null) {
      return ((IcebergTableStore) store).table(id(t)).map(table -> iceberg.append(table, t.schema(), rows)).orElse(false);
    }
    return false;
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
   * Kernel where this store appends with it (no Spark job), else Spark.
   */
  public CatalogReader reader() {
    return kernel != null ? kernelReader() : new SparkCatalogReader(this);
  }

  private synchronized DeltaKernelCatalogReader kernelReader() {
    if (kernelReader == null) {
      kernelReader =
          new DeltaKernelCatalogReader(DeltaKernelCatalogReader.localPath(location(CatalogTable.RUNS)).getParent().toString());
    }
    return kernelReader;
  }

  /**
   * How many data files the table's current version has (what makes a catalog query slow as runs pile up): from the
   * Delta log through Kernel where this store appends with it (a Spark snapshot of each table cost every command that
   * ran a product a few seconds at its end), else through the table store.
   */
  public long fileCount(CatalogTable t) {
    return kernel != null ? kernelReader().fileCount(t) : store.fileCount(id(t));
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
