package dev.mesh.storage;

import dev.mesh.config.PlatformConfig;
import dev.mesh.model.TableFormat;
import org.apache.spark.sql.SparkSession;

/** The table store of each format, for one session: the only door to every table mesh writes. */
public final class TableStores {
  private final DeltaTableStore delta;
  private final IcebergTableStore iceberg;

  public TableStores(SparkSession spark, PlatformConfig platform) {
    this.delta = new DeltaTableStore(spark, new TableLayout(platform.deltaRoot()), "hive".equals(platform.metastore()));
    this.iceberg = platform.iceberg() == null ? null : new IcebergTableStore(spark, platform.iceberg().name(), "hive".equals(platform.metastore()));
  }

  public TableStore forFormat(TableFormat format) {
    return switch (format) {
      case DELTA -> delta;
      case ICEBERG -> {
        if (iceberg == null) {
          throw new IllegalStateException("No Iceberg catalog is configured (mesh.iceberg in conf/mesh.conf)");
        }
        yield iceberg;
      }
    };
  }

  public DeltaTableStore delta() {
    return delta;
  }
}
