package dev.mesh.storage;

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

/** Delta products, stored by path under {@code <delta-root>/<domain>/<name>}. */
public final class DeltaTableStore implements TableStore {
  private final SparkSession spark;
  private final String root;
  private final boolean registerInMetastore;

  public DeltaTableStore(SparkSession spark, String root, boolean registerInMetastore) {
    this.spark = spark;
    this.root = root;
    this.registerInMetastore = registerInMetastore;
  }

  @Override
  public TableFormat format() {
    return TableFormat.DELTA;
  }

  @Override
  public String location(ProductId id) {
    return root + "/" + id.domain() + "/" + id.name();
  }

  @Override
  public String qualifiedName(ProductId id) {
    return "delta.`" + location(id) + "`";
  }

  @Override
  public boolean exists(ProductId id) {
    return DeltaTable.isDeltaTable(spark, location(id));
  }

  @Override
  public Optional<Long> currentVersion(ProductId id) {
    if (!exists(id)) {
      return Optional.empty();
    }
    // The log's latest snapshot: no Spark job, unlike DESCRIBE HISTORY.
    long version =
        DeltaLog.forTable(spark, location(id)).update(false, scala.Option.empty(), scala.Option.empty()).version();
    return Optional.of(version);
  }

  @Override
  public Dataset<Row> read(SparkSession session, ProductId id, long version) {
    return session.read().format("delta").option("versionAsOf", version).load(location(id));
  }

  @Override
  public long write(ProductId id, Dataset<Row> data, OutputSpec output) {
    String path = location(id);
    boolean exists = exists(id);
    switch (output.mode()) {
      case OVERWRITE -> writer(data, output).mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
      case APPEND -> writer(data, output).mode(exists ? SaveMode.Append : SaveMode.ErrorIfExists).save(path);
      case OVERWRITE_PARTITIONS -> {
        if (exists) {
          writer(data, output).mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").save(path);
        } else {
          writer(data, output).mode(SaveMode.ErrorIfExists).save(path);
        }
      }
      case MERGE -> {
        if (exists) {
          String on =
              output.mergeKeys().stream()
                  .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
                  .collect(Collectors.joining(" AND "));
          DeltaTable.forPath(spark, path)
              .as("t")
              .merge(data.as("s"), on)
              .whenMatched()
              .updateAll()
              .whenNotMatched()
              .insertAll()
              .execute();
        } else {
          writer(data, output).mode(SaveMode.ErrorIfExists).save(path);
        }
      }
    }
    if (registerInMetastore) {
      spark.sql("CREATE DATABASE IF NOT EXISTS `" + id.domain() + "`");
      spark.sql(
          "CREATE TABLE IF NOT EXISTS `" + id.domain() + "`.`" + id.name() + "` USING delta LOCATION '" + path + "'");
    }
    return currentVersion(id).orElseThrow();
  }

  private static DataFrameWriter<Row> writer(Dataset<Row> data, OutputSpec output) {
    DataFrameWriter<Row> w = data.write().format("delta");
    if (!output.partitionedBy().isEmpty()) {
      w = w.partitionBy(output.partitionedBy().toArray(String[]::new));
    }
    return w;
  }
}
