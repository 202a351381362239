package dev.mesh.storage;

import dev.mesh.config.PlatformConfig;
import dev.mesh.model.TableFormat;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** The table store of each format, for one session: the only door to every table mesh writes. */
public final class TableStores {
  private final TableStore delta;
  private final TableStore iceberg;

  /**
   * On object storage with an endpoint of its own, each store first asks the endpoint whether it answers
   * ({@link EndpointCheckedStore}): a store that is down fails the operation in milliseconds, not minutes. The Delta
   * store asks the Hive metastore the same before registering a table in it ({@link MetastoreEndpoints}).
   */
  public TableStores(SparkSession spark, PlatformConfig platform) {
    boolean hive = "hive".equals(platform.metastore());
    Optional<StoreEndpoint> endpoint = StoreEndpoint.of(platform);
    MetastoreEndpoints metastore = MetastoreEndpoints.of(platform);
    TableStore d = new DeltaTableStore(spark, new TableLayout(platform.deltaRoot()), hive, metastore::check);
    this.delta = endpoint.<TableStore>map(e -> new EndpointCheckedStore(d, e, d::location)).orElse(d);
    if (platform.iceberg() == null) {
      this.iceberg = null;
    } else {
      TableStore i = new IcebergTableStore(spark, platform.iceberg().name(), hive);
      this.iceberg = endpoint.<TableStore>map(e -> new EndpointCheckedStore(i, e, id -> e.warehouse())).orElse(i);
    }
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

  public TableStore delta() {
    return delta;
  }
}
