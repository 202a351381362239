package dev.mesh.spark;

import dev.mesh.config.IcebergCatalogConfig;
import dev.mesh.config.PlatformConfig;
import dev.mesh.storage.localfs.LocalFileSystems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a mesh process. Only entry points (the CLI, the test extension, benchmarks) call
 * this; everything else receives the session.
 */
public final class SparkSessions {
  /** Spark's static setting for how many compiled classes its code generation keeps. */
  static final String CODEGEN_CACHE_ENTRIES = "spark.sql.codegen.cache.maxEntries";

  private SparkSessions() {}

  /** The settings mesh needs on every session: Delta and Iceberg side by side, and product names resolved. */
  public static Map<String, String> settings(PlatformConfig platform) {
    Map<String, String> s = new LinkedHashMap<>();
    // Iceberg's extensions must come last.
    s.put(
        "spark.sql.extensions",
        "io.delta.sql.DeltaSparkSessionExtension,org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    s.put("spark.sql.catalog.spark_catalog", MeshSessionCatalog.class.getName());
    s.put(MeshSessionCatalog.DELTA_ROOT, platform.deltaRoot());
    IcebergCatalogConfig ice = platform.iceberg();
    if (ice != null) {
      String prefix = "spark.sql.catalog." + ice.name();
      s.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
      s.put(prefix + ".type", ice.type());
      s.put(prefix + ".warehouse", ice.warehouse());
      if (!ice.uri().isBlank()) {
        s.put(prefix + ".uri", ice.uri());
      }
      // One file system layer for both formats: Iceberg reads and writes through Hadoop (s3a:// as Delta does, with
      // the same settings and credentials). A REST catalog's client would otherwise resolve s3a:// to S3FileIO, which
      // needs iceberg-aws and the AWS SDK v2. mesh.iceberg.properties.io-impl overrides it.
      s.put(prefix + ".io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
      ice.properties().forEach((k, v) -> s.put(prefix + "." + k, v));
      s.put(MeshSessionCatalog.ICEBERG_CATALOG, ice.name());
    }
    s.put("spark.sql.warehouse.dir", platform.warehouse() + "/spark-warehouse");
    s.put("spark.sql.session.timeZone", "UTC");
    s.put("spark.ui.showConsoleProgress", "false");
    s.put("spark.scheduler.mode", "FAIR");
    s.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    s.put("spark.databricks.delta.schema.autoMerge.enabled", "false");
    // Small products are the norm: adaptive execution coalesces the shuffle partitions they do not need.
    s.put("spark.sql.adaptive.enabled", "true");
    s.put("spark.sql.adaptive.coalescePartitions.enabled", "true");
    s.put("spark.sql.shuffle.partitions", "8");
    // The classes Spark's code generation compiles (Janino) are cached per JVM, 100 by default. A mesh runs the same
    // few kinds of query for every product and date: the demo's 39 runs need about 530 distinct classes, so the
    // default cache kept evicting them and compiled 1,670 times (29 s of compile time); with room for 2,000 it compiles
    // 535 times and the demo takes 0.86x the wall time and CPU (bench/README.md, round six).
    s.put(CODEGEN_CACHE_ENTRIES, "2000");
    if (runsLocally(platform)) {
      // Delta rebuilds a table's state after every commit and read in this many tasks (default 50, sized for
      // clusters); on one machine the tasks' overhead dominates for the small logs products and catalog tables have.
      s.put("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
      // Local files without a chmod or readlink process per file (LocalFiles). A cluster keeps Hadoop's: its executors
      // make their file systems with the classes of their own classpath, which need not hold the application's.
      LocalFileSystems.hadoopSettings().forEach((k, v) -> s.put("spark.hadoop." + k, v));
    }
    // An S3-compatible store: endpoint, path style, TLS. Credentials stay out of Spark's settings (the environment or
    // s3a's provider chain gives them), so nothing here is secret.
    s.putAll(platform.s3().sparkConf());
    s.putAll(platform.sparkConf());
    return s;
  }

  /** Whether the session will run in this JVM ({@code local[...]} master), not on a cluster spark-submit chose. */
  static boolean runsLocally(PlatformConfig platform) {
    String master = System.getProperty("spark.master", platform.sparkMaster());
    return master != null && master.startsWith("local");
  }

  /** A session for the CLI: master and app name from the platform config unless spark-submit set them. */
  public static SparkSession create(PlatformConfig platform) {
    SparkSession.Builder b = SparkSession.builder();
    if (System.getProperty("spark.master") == null) {
      b.master(platform.sparkMaster());
    }
    if (System.getProperty("spark.app.name") == null) {
      b.appName(platform.appName());
    }
    if ("hive".equals(platform.metastore())) {
      b.enableHiveSupport();
    }
    Map<String, String> settings = settings(platform);
    settings.forEach(b::config);
    HiveResourcesDirectory.settingFor(platform, settings).ifPresent(dir -> b.config(HiveResourcesDirectory.SETTING, dir));
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
