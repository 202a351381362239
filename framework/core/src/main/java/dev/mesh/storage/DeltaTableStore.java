package dev.mesh.storage;

import dev.mesh.config.Locations;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.delta.DeltaLog;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Delta tables, stored by path as {@link TableLayout} says: products, and the Delta-only tables of the platform
 * (quarantine, catalog), which are written through {@link #append} here too.
 */
public final class DeltaTableStore implements TableStore {
  /** The commit-info key that tells a commit of ours apart from concurrent ones. */
  private static final String USER_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";

  private final SparkSession spark;
  private final TableLayout layout;
  private final boolean registerInMetastore;
  private final Runnable beforeRegistering;
  /** Log reads and small appends without Spark, for tables on the local file system. */
  private final DeltaKernelTables kernel = new DeltaKernelTables();

  public DeltaTableStore(SparkSession spark, TableLayout layout, boolean registerInMetastore) {
    this(spark, layout, registerInMetastore, () -> {});
  }

  /**
   * @param beforeRegistering run before each registration in the metastore, to fail it at once when the metastore is
   *     down ({@link MetastoreEndpoints#check})
   */
  public DeltaTableStore(SparkSession spark, TableLayout layout, boolean registerInMetastore, Runnable beforeRegistering) {
    this.spark = spark;
    this.layout = layout;
    this.registerInMetastore = registerInMetastore;
    this.beforeRegistering = beforeRegistering;
  }

  public TableLayout layout() {
    return layout;
  }

  @Override
  public TableFormat format() {
    return TableFormat.DELTA;
  }

  @Override
  public String location(ProductId id) {
    return layout.location(id);
  }

  @Override
  public String qualifiedName(ProductId id) {
    return "delta.`" + location(id) + "`";
  }

  /**
   * {@inheritDoc} From the table's log through Delta Kernel on a local file system: where the latest commit has no
   * checksum file (Kernel's commits, as {@link #appendRows} makes them, leave none) Spark's check rebuilds the table's
   * snapshot with a Spark job, seconds of a command's start for the four catalog tables.
   */
  @Override
  public boolean exists(ProductId id) {
    String path = location(id);
    return Locations.isLocal(path) ? kernel.exists(path) : DeltaTable.isDeltaTable(spark, path);
  }

  @Override
  public Optional<Long> currentVersion(ProductId id) {
    if (!exists(id)) {
      return Optional.empty();
    }
    return Optional.of(latestVersion(location(id)));
  }

  /** The log's latest snapshot: no Spark job, unlike DESCRIBE HISTORY. */
  private long latestVersion(String path) {
    return DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty()).version();
  }

  @Override
  public Dataset<Row> read(SparkSession session, ProductId id, long version) {
    return session.read().format("delta").option("versionAsOf", version).load(location(id));
  }

  /** {@inheritDoc} Each attempt has its own commit token. */
  @Override
  public long write(ProductId id, Dataset<Row> data, OutputSpec output, CommitRetry retry) {
    String path = location(id);
    if (registerInMetastore) {
      // Registered before the first commit, so no version is ever published that the metastore does not name.
      register(id, path, data.schema(), output);
    }
    return retry.run("publish " + id, "the previous version stays published", () -> attempt(path, data, output));
  }

  /**
   * Registers the table in the metastore (its domain as a database) if it is not there yet: an existing Delta table
   * by its location; a new one as an empty table of the product's schema and partitioning (version 0), which the
   * run's own commit then fills.
   */
  private void register(ProductId id, String path, org.apache.spark.sql.types.StructType schema, OutputSpec output) {
    String name = "`" + id.domain() + "`.`" + id.name() + "`";
    beforeRegistering.run();
    if (spark.catalog().tableExists(id.domain() + "." + id.name())) {
      return;
    }
    Namespaces.createIfMissing(
        spark, "CREATE DATABASE IF NOT EXISTS `" + id.domain() + "`", () -> spark.catalog().databaseExists(id.domain()));
    if (DeltaTable.isDeltaTable(spark, path)) {
      spark.sql("CREATE TABLE IF NOT EXISTS " + name + " USING delta LOCATION '" + path + "'");
    } else {
      io.delta.tables.DeltaTableBuilder b =
          DeltaTable.createIfNotExists(spark).tableName(id.domain() + "." + id.name()).location(path).addColumns(schema);
      if (!output.partitionedBy().isEmpty()) {
        b = b.partitionedBy(output.partitionedBy().toArray(String[]::new));
      }
      b.execute();
    }
  }

  /** One attempt at the write: one commit, whose version is returned. */
  private long attempt(String path, Dataset<Row> data, OutputSpec output) {
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    long before = exists ? latestVersion(path) : -1;
    String token = CommitToken.next();
    switch (output.mode()) {
      case OVERWRITE -> writer(data, output, token).mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
      case APPEND -> writer(data, output, token).mode(exists ? SaveMode.Append : SaveMode.ErrorIfExists).save(path);
      case OVERWRITE_PARTITIONS -> {
        if (exists) {
          writer(data, output, token).mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").save(path);
        } else {
          writer(data, output, token).mode(SaveMode.ErrorIfExists).save(path);
        }
      }
      case MERGE -> {
        if (exists) {
          merge(data, output, path, token);
        } else {
          writer(data, output, token).mode(SaveMode.ErrorIfExists).save(path);
        }
      }
    }
    return committedVersion(path, before, token);
  }

  /**
   * Appends {@code data} to a Delta table of the platform (a quarantine or a catalog table) in one blind commit:
   * it reads nothing, so concurrent appends never conflict. Creates the table on first write; with
   * {@code evolveSchema} new columns are added. Returns the version this commit produced.
   */
  @Override
  public long append(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    String path = location(table);
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    long before = exists ? latestVersion(path) : -1;
    String token = CommitToken.next();
    DataFrameWriter<Row> w = data.write().format("delta").mode(SaveMode.Append).option("userMetadata", token);
    if (evolveSchema) {
      w = w.option("mergeSchema", "true");
    }
    w.save(path);
    return committedVersion(path, before, token);
  }

  /** {@inheritDoc} Creates the table on first write, as {@link #append} does. */
  @Override
  public void appendBlind(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    DataFrameWriter<Row> w = data.write().format("delta").mode(SaveMode.Append);
    if (evolveSchema) {
      w = w.option("mergeSchema", "true");
    }
    w.save(location(table));
  }

  @Override
  public long restore(SparkSession session, ProductId table, long version) {
    String path = location(table);
    long before = latestVersion(path);
    String token = CommitToken.next();
    // RESTORE takes its commit metadata from the session it runs in, as MERGE does.
    session.conf().set(USER_METADATA_CONF, token);
    try {
      DeltaTable.forPath(session, path).restoreToVersion(version);
    } finally {
      session.conf().unset(USER_METADATA_CONF);
    }
    return committedVersion(path, before, token);
  }

  @Override
  public void rollback(ProductId table, Long previous) {
    String path = location(table);
    if (previous != null) {
      DeltaTable.forPath(spark, path).restoreToVersion(previous);
      return;
    }
    if (registerInMetastore) {
      spark.sql("DROP TABLE IF EXISTS `" + table.domain() + "`.`" + table.name() + "`");
    }
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      p.getFileSystem(spark.sessionState().newHadoopConf()).delete(p, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not delete " + path + ": " + e.getMessage(), e);
    }
    DeltaLog.clearCache();
  }

  /**
   * {@inheritDoc} From the table's log through Delta Kernel on a local file system: Spark's {@code DESCRIBE DETAIL}
   * rebuilds the snapshot with Spark jobs (about 2.5 s a table in a new JVM, at the end of every command that runs).
   */
  @Override
  public long fileCount(ProductId table) {
    String path = location(table);
    return Locations.isLocal(path)
        ? kernel.fileCount(path)
        : DeltaTable.forPath(spark, path).detail().select("numFiles").head().getLong(0);
  }

  /** {@inheritDoc} With Delta Kernel, on a local file system only. */
  @Override
  public boolean appendRows(ProductId table, org.apache.spark.sql.types.StructType schema, java.util.List<Row> rows) {
    String path = location(table);
    return Locations.isLocal(path) && kernel.append(path, schema, rows);
  }

  /**
   * Compacts the table's small files into few large ones (Delta OPTIMIZE: one commit; concurrent blind appends do
   * not conflict with it and readers keep their snapshot).
   */
  @Override
  public void compact(ProductId table) {
    DeltaTable.forPath(spark, location(table)).optimize().executeCompaction();
  }

  /**
   * {@inheritDoc} Delta's VACUUM, after a dry run that counts the files. Delta refuses a retention under its
   * {@code deletedFileRetentionDuration} (7 days) unless its check is off: mesh turns it off for the call, as the
   * caller keeps the product's writers away, and keeps VACUUM from logging itself in the table's history, so the
   * table's version stays the one its last run published. VACUUM lists the table's files with as many tasks as
   * {@code spark.sql.sources.parallelPartitionDiscovery.parallelism} says (Spark's default: 10,000, about 35 s of a
   * small table's VACUUM on two cores); unless {@code mesh.spark.conf} sets it, the session's default parallelism.
   */
  @Override
  public long expire(ProductId table, java.time.Duration retention) {
    String path = location(table);
    double hours = retention.toMillis() / 3_600_000.0;
    // A session of its own (same context and static settings): the settings below stay out of the runs' session.
    SparkSession session = spark.newSession();
    session.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    session.conf().set("spark.databricks.delta.vacuum.logging.enabled", "false");
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    if (!spark.sparkContext().getConf().contains(listing)) {
      session.conf().set(listing, String.valueOf(Math.max(1, spark.sparkContext().defaultParallelism())));
    }
    // VACUUM prints what it did to Scala's console ("Deleted 12 files and directories in a total of 1 directories."),
    // which is the command's standard output: kept out of it (the count is returned, and mesh maintain prints it).
    java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    return scala.Console.withOut(quiet, () -> {
      long files = session.sql("VACUUM delta.`" + path.replace("`", "``") + "` RETAIN " + hours + " HOURS DRY RUN").count();
      if (files > 0) {
        DeltaTable.forPath(session, path).vacuum(hours);
      }
      return files;
    });
  }


  /** Reads a platform table (quarantine, catalog) at its current version. */
  @Override
  public Dataset<Row> readCurrent(SparkSession session, ProductId table) {
    return session.read().format("delta").load(location(table));
  }

  private void merge(Dataset<Row> data, OutputSpec output, String path, String token) {
    String on =
        output.mergeKeys().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
    // MERGE takes its commit metadata from the session it runs in: the run's own session (that of the data).
    SparkSession session = data.sparkSession();
    session.conf().set(USER_METADATA_CONF, token);
    try {
      DeltaTable.forPath(session, path)
          .as("t")
          .merge(data.as("s"), on)
          .whenMatched()
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      session.conf().unset(USER_METADATA_CONF);
    }
  }

  /**
   * The version our own commit produced: the commit after {@code before} whose commit info carries our token,
   * read from the log's commit files (no Spark job). Reading the latest version instead would return a
   * concurrent writer's version when one committed right after us.
   */
  private long committedVersion(String path, long before, String token) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    long latest = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<org.apache.spark.sql.delta.actions.Action>>> changes =
        log.getChanges(before + 1, false);
    while (changes.hasNext()) {
      scala.Tuple2<Object, scala.collection.Seq<org.apache.spark.sql.delta.actions.Action>> change = changes.next();
      scala.collection.Iterator<org.apache.spark.sql.delta.actions.Action> actions = change._2().iterator();
      while (actions.hasNext()) {
        if (actions.next() instanceof org.apache.spark.sql.delta.actions.CommitInfo info
            && info.userMetadata().isDefined()
            && token.equals(info.userMetadata().get())) {
          return (Long) change._1();
        }
      }
    }
    // A write that changed nothing commits nothing (e.g. a MERGE of no rows): the table is at the version it had.
    return before >= 0 ? before : latest;
  }

  private static DataFrameWriter<Row> writer(Dataset<Row> data, OutputSpec output, String token) {
    DataFrameWriter<Row> w = data.write().format("delta").option("userMetadata", token);
    if (!output.partitionedBy().isEmpty()) {
      w = w.partitionBy(output.partitionedBy().toArray(String[]::new));
    }
    return w;
  }
}
