package dev.mesh.storage;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Iceberg products, as {@code <catalog>.<domain>.<name>} in the configured Iceberg catalog. With a metastore, each
 * namespace is also created there as a database, so a session whose {@code spark_catalog} is Iceberg's
 * {@code SparkSessionCatalog} over that metastore (the analysts' settings, README) lists every domain once, whatever
 * the format of its products.
 */
public final class IcebergTableStore implements TableStore {
  /** Set in the summary of every snapshot {@link #appendRows} commits (how a reader, or a test, tells who wrote it). */
  public static final String DIRECT_WRITER_PROPERTY = "mesh.catalog-writer";

  /** The value of {@link #DIRECT_WRITER_PROPERTY}. */
  public static final String DIRECT_WRITER = "mesh-catalog (Iceberg core)";

  private final SparkSession spark;
  private final String catalog;
  private final boolean namespacesInMetastore;
  /** The tables this store appended rows to, kept for its next appends ({@link #appendRows}). */
  private final java.util.Map<ProductId, Table> appendTargets = new java.util.concurrent.ConcurrentHashMap<>();

  public IcebergTableStore(SparkSession spark, String catalog) {
    this(spark, catalog, false);
  }

  public IcebergTableStore(SparkSession spark, String catalog, boolean namespacesInMetastore) {
    this.spark = spark;
    this.catalog = catalog;
    this.namespacesInMetastore = namespacesInMetastore;
  }

  private void createNamespace(String namespace) {
    Namespaces.createIfMissing(
        spark, "CREATE NAMESPACE IF NOT EXISTS " + catalog + ".`" + namespace + "`",
        () -> !spark.sql("SHOW NAMESPACES IN " + catalog + " LIKE '" + namespace + "'").isEmpty());
    if (namespacesInMetastore) {
      Namespaces.createIfMissing(
          spark, "CREATE DATABASE IF NOT EXISTS spark_catalog.`" + namespace + "`",
          () -> spark.sessionState().catalog().databaseExists(namespace));
    }
  }

  @Override
  public TableFormat format() {
    return TableFormat.ICEBERG;
  }

  @Override
  public String qualifiedName(ProductId id) {
    return catalog + ".`" + id.domain() + "`.`" + id.name() + "`";
  }

  @Override
  public String location(ProductId id) {
    return load(id).location();
  }

  @Override
  public boolean exists(ProductId id) {
    return spark.catalog().tableExists(catalog + "." + id.domain() + "." + id.name());
  }

  @Override
  public Optional<Long> currentVersion(ProductId id) {
    if (!exists(id)) {
      return Optional.empty();
    }
    Table t = load(id);
    t.refresh();
    Snapshot s = t.currentSnapshot();
    return Optional.of(s == null ? 0L : s.snapshotId());
  }

  @Override
  public Dataset<Row> read(SparkSession session, ProductId id, long version) {
    return session.read().option("snapshot-id", version).table(qualifiedName(id));
  }

  /** {@inheritDoc} Each attempt has its own commit token. */
  @Override
  public long write(ProductId id, Dataset<Row> data, OutputSpec output, CommitRetry retry) {
    return retry.run("publish " + id, "the previous version stays published", () -> attempt(id, data, output));
  }

  /** One attempt at the write: one snapshot, whose id is returned. */
  private long attempt(ProductId id, Dataset<Row> data, OutputSpec output) {
    String name = qualifiedName(id);
    boolean exists = exists(id);
    if (!exists) {
      createNamespace(id.domain());
    }
    String token = CommitToken.next();
    try {
      CommitMetadata.withCommitProperties(
          java.util.Map.of(CommitToken.PROPERTY, token),
          () -> {
            commit(data, output, name, exists);
            return null;
          },
          Exception.class);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException("Cannot write " + name + ": " + e.getMessage(), e);
    }
    return committedSnapshot(id, token);
  }

  /**
   * The snapshot our own commit produced: the one whose summary carries our token (walking back from the current
   * snapshot), not merely the current one, which a concurrent writer may already have replaced.
   */
  private long committedSnapshot(ProductId id, String token) {
    Table t = load(id);
    t.refresh();
    for (Snapshot s = t.currentSnapshot(); s != null; s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
      if (token.equals(s.summary().get(CommitToken.PROPERTY))) {
        return s.snapshotId();
      }
    }
    // A write that changed nothing commits nothing (e.g. a MERGE of no rows): the table is at the snapshot it had.
    return currentVersion(id).orElseThrow();
  }

  private void commit(Dataset<Row> data, OutputSpec output, String name, boolean exists)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException,
          org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException {
    switch (output.mode()) {
      // Replace table as select: one atomic commit that also takes a new schema or partitioning.
      case OVERWRITE -> creating(data, output, name).createOrReplace();
      case APPEND -> {
        if (exists) {
          data.writeTo(name).append();
        } else {
          creating(data, output, name).create();
        }
      }
      case OVERWRITE_PARTITIONS -> {
        if (exists) {
          data.writeTo(name).overwritePartitions();
        } else {
          creating(data, output, name).create();
        }
      }
      case MERGE -> {
        if (exists) {
          merge(data, output, name);
        } else {
          creating(data, output, name).create();
        }
      }
    }
  }

  /**
   * {@inheritDoc} Iceberg commits are optimistic: an append that lost the race to another driver's commit is
   * re-applied on the new snapshot by Iceberg itself (up to {@code commit.retry.num-retries}, set high on these tables),
   * so appends never lose a row; with a catalog service (REST, JDBC) the swap is atomic on the server.
   */
  @Override
  public long append(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    String name = qualifiedName(table);
    String token = CommitToken.next();
    try {
      CommitMetadata.withCommitProperties(
          java.util.Map.of(CommitToken.PROPERTY, token),
          () -> {
            if (exists(table)) {
              var w = data.writeTo(name);
              if (evolveSchema) {
                w = w.option("merge-schema", "true");
              }
              w.append();
            } else {
              createNamespace(table.domain());
              data.writeTo(name)
                  .using("iceberg")
                  .tableProperty("format-version", "2")
                  .tableProperty("commit.retry.num-retries", String.valueOf(APPEND_COMMIT_RETRIES))
                  .tableProperty("commit.retry.min-wait-ms", "50")
                  .tableProperty("write.spark.accept-any-schema", "true")
                  .create();
            }
            return null;
          },
          Exception.class);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException("Cannot append to " + name + ": " + e.getMessage(), e);
    }
    return committedSnapshot(table, token);
  }

  /** How often Iceberg re-applies an append that lost a commit race (many drivers append to the catalog tables). */
  private static final int APPEND_COMMIT_RETRIES = 50;

  @Override
  public long restore(SparkSession session, ProductId table, long version) {
    Table t = load(table);
    t.refresh();
    if (t.snapshot(version) == null) {
      throw new IllegalStateException(
          "snapshot " + version + " of " + qualifiedName(table) + " is no longer kept (expired by mesh maintain)");
    }
    t.manageSnapshots().setCurrentSnapshot(version).commit();
    spark.sql("REFRESH TABLE " + qualifiedName(table));
    return version;
  }

  @Override
  public void rollback(ProductId table, Long previous) {
    if (previous == null) {
      spark.sql("DROP TABLE IF EXISTS " + qualifiedName(table) + " PURGE");
      return;
    }
    load(table).manageSnapshots().rollbackTo(previous).commit();
    spark.sql("REFRESH TABLE " + qualifiedName(table));
  }

  @Override
  public Dataset<Row> readCurrent(SparkSession session, ProductId table) {
    // The table as committed now, also by other processes: the catalog's cached table object, brought up to date.
    try {
      Spark3Util.loadIcebergTable(session, catalog + "." + table.domain() + "." + table.name()).refresh();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load Iceberg table " + qualifiedName(table) + ": " + e.getMessage(), e);
    }
    return session.table(qualifiedName(table));
  }

  @Override
  public long fileCount(ProductId table) {
    Table t = load(table);
    t.refresh();
    Snapshot s = t.currentSnapshot();
    return s == null ? 0 : Long.parseLong(s.summary().getOrDefault("total-data-files", "0"));
  }

  @Override
  public void compact(ProductId table) {
    org.apache.iceberg.spark.actions.SparkActions.get(spark).rewriteDataFiles(load(table)).execute();
  }

  private void merge(Dataset<Row> data, OutputSpec output, String name) {
    String view = "mesh_merge_source_" + UUID.randomUUID().toString().replace("-", "");
    data.createOrReplaceTempView(view);
    try {
      String on =
          output.mergeKeys().stream()
              .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
              .collect(Collectors.joining(" AND "));
      // The view lives in the run's own session (the one the data belongs to).
      data.sparkSession().sql(
          "MERGE INTO " + name + " t USING " + view + " s ON " + on
              + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    } finally {
      data.sparkSession().catalog().dropTempView(view);
    }
  }

  private static CreateTableWriter<Row> creating(Dataset<Row> data, OutputSpec output, String name) {
    CreateTableWriter<Row> w = data.writeTo(name).using("iceberg").tableProperty("format-version", "2");
    if (!output.partitionedBy().isEmpty()) {
      Column first = functions.col(output.partitionedBy().get(0));
      java.util.List<Column> rest = output.partitionedBy().stream().skip(1).map(functions::col).toList();
      w = w.partitionedBy(first, scala.collection.JavaConverters.asScalaBuffer(rest).toSeq());
    }
    return w;
  }

  /** {@inheritDoc} With Iceberg's core API: one Parquet file through the table's FileIO and one fast append. */
  @Override
  public boolean appendRows(ProductId table, org.apache.spark.sql.types.StructType schema, java.util.List<Row> rows) {
    // The table as this store last appended to it: the commit brings its metadata up to date itself. Loaded afresh (a
    // first append, or Spark's cached entry expired after 30 s unused), an append would first ask the catalog service,
    // and a run whose store had just died would wait minutes for the service's own retries of that store before its
    // failure was recorded (ObjectStoreTest's store-down case); the file write fails at once instead.
    Table target = appendTargets.get(table);
    if (target == null) {
      Optional<Table> loaded = table(table);
      if (loaded.isEmpty()) {
        return false;
      }
      target = loaded.get();
      appendTargets.put(table, target);
    }
    try {
      return IcebergRowAppender.append(target, schema, rows);
    } catch (RuntimeException e) {
      appendTargets.remove(table); // loaded again by the next attempt (a table dropped and created again, say)
      throw e;
    }
  }

  /**
   * {@inheritDoc} Iceberg's snapshot expiry through the table's own API: the snapshots committed before now minus
   * {@code retention} expire (the current one is always kept), and the data files, manifests and manifest lists only
   * they referenced are deleted through the table's {@code FileIO}. Nothing is committed when no snapshot is that old.
   */
  @Override
  public long expire(ProductId table, java.time.Duration retention) {
    Table t = load(table);
    long cutoff = System.currentTimeMillis() - retention.toMillis();
    Snapshot current = t.currentSnapshot();
    boolean older = false;
    for (Snapshot s : t.snapshots()) {
      older |= current != null && s.snapshotId() != current.snapshotId() && s.timestampMillis() < cutoff;
    }
    if (!older) {
      return 0;
    }
    java.util.concurrent.atomic.AtomicLong deleted = new java.util.concurrent.atomic.AtomicLong();
    org.apache.iceberg.io.FileIO io = t.io();
    t.expireSnapshots()
        .expireOlderThan(cutoff)
        .retainLast(1)
        .deleteWith(file -> {
          io.deleteFile(file);
          deleted.incrementAndGet();
        })
        .commit();
    return deleted.get();
  }

  /** The Iceberg table behind {@code id} (its snapshots, for a reader of its history); empty when it does not exist. */
  public Optional<Table> table(ProductId id) {
    return exists(id) ? Optional.of(load(id)) : Optional.empty();
  }

  private Table load(ProductId id) {
    try {
      return Spark3Util.loadIcebergTable(spark, catalog + "." + id.domain() + "." + id.name());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load Iceberg table " + qualifiedName(id) + ": " + e.getMessage(), e);
    }
  }
}
