package dev.mesh.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The platform's settings from {@code conf/mesh.conf}, after overlays ({@code MESH_ENV} environment, environment
 * variables, {@code -Dmesh.*} system properties). Every key, its default and its meaning are in
 * {@code framework/core/src/main/resources/reference.conf}.
 *
 * @param home the project directory relative paths are resolved against
 * @param warehouse root of all tables: a local path or a URI such as {@code s3a://bucket/mesh}
 * @param deltaRoot where Delta products live: {@code <deltaRoot>/<domain>/<name>}
 * @param metastore {@code in-memory} (names resolved from the warehouse layout) or {@code hive}
 * @param catalogTables the format of the catalog tables ({@code mesh.runs}, ...): Delta under the delta root, or
 *     Iceberg in the Iceberg catalog (the choice when a catalog service commits for many drivers at once)
 * @param productDirs directories scanned for product declarations
 * @param sqlPath directories searched for SQL transforms; {@code {domain}} stands for the product's domain
 * @param testPath directories holding the transforms' unit tests ({@code mesh test}), {@code {domain}} as in sqlPath
 * @param sparkConf Spark settings applied when the CLI starts its session
 * @param sources default options per source type, e.g. {@code tpch.scale}
 * @param parallelism how many product runs are under way at once
 * @param orchestration how {@code mesh dag} exports the mesh to Airflow
 * @param lineage where OpenLineage events go
 * @param sqlCheck when a product's transform is checked (SQL found and parsed, class loaded)
 * @param s3 how object storage is reached through s3a (endpoint, path style; never credentials)
 * @param leases where the product leases live (lock files, PostgreSQL, none)
 * @param alerts how alerts are routed and delivered (with each domain's routes from its domain.conf)
 */
public record PlatformConfig(
    Path home,
    String environment,
    String warehouse,
    String deltaRoot,
    IcebergCatalogConfig iceberg,
    String metastore,
    dev.mesh.model.TableFormat catalogTables,
    List<Path> productDirs,
    List<String> sqlPath,
    List<String> testPath,
    String sparkMaster,
    String appName,
    Map<String, String> sparkConf,
    Map<String, Map<String, String>> sources,
    int parallelism,
    OrchestrationConfig orchestration,
    LineageConfig lineage,
    SqlCheck sqlCheck,
    S3Config s3,
    LeaseConfig leases,
    AlertsConfig alerts,
    java.time.Duration retention) {

  /**
   * When a transform is checked (a SQL file found and parsed, a Java class on the classpath and a {@code Transform}):
   * {@code LOAD} whenever the configuration is loaded (every product's, as {@code mesh validate} checks), {@code RUN}
   * only when the product runs (a domain's job jar carries its own domain's SQL and classes, while the shipped conf/
   * declares every domain's products).
   */
  public enum SqlCheck {
    LOAD,
    RUN
  }

  public PlatformConfig {
    productDirs = List.copyOf(productDirs);
    sqlPath = List.copyOf(sqlPath);
    testPath = List.copyOf(testPath);
    sparkConf = Map.copyOf(sparkConf);
    sources = Map.copyOf(sources);
  }

  /** The same settings with these alert settings (the loader adds the domains' routes). */
  public PlatformConfig withAlerts(AlertsConfig a) {
    return new PlatformConfig(
        home, environment, warehouse, deltaRoot, iceberg, metastore, catalogTables, productDirs, sqlPath, testPath, sparkMaster,
        appName, sparkConf, sources, parallelism, orchestration, lineage, sqlCheck, s3, leases, a, retention);
  }

  /**
   * The metastore URIs Spark's Hive client will use ({@code spark.hadoop.hive.metastore.uris} in {@code mesh.spark.conf}),
   * when the platform registers tables in a metastore; empty otherwise (or when a {@code hive-site.xml} names them).
   */
  public List<String> metastoreUris() {
    if (!"hive".equals(metastore)) {
      return List.of();
    }
    Map<String, String> conf = sparkConf();
    String uris = conf.getOrDefault("spark.hadoop.hive.metastore.uris", conf.getOrDefault("spark.hive.metastore.uris", ""));
    return Arrays.stream(uris.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
  }

  /**
   * How long a product's superseded versions stay readable before {@code mesh maintain} deletes what only they need
   * ({@code mesh.storage.retention}); a product's {@code output.retention} overrides it.
   */
  public java.time.Duration retentionOf(dev.mesh.model.ProductDescriptor product) {
    return product.output().retention() != null ? product.output().retention() : retention;
  }

  /** Where the catalog tables ({@code mesh.runs}, ...) live when they are Delta tables. */
  public String catalogRoot() {
    return deltaRoot + "/mesh";
  }

  /** Whether the catalog tables are held by a catalog service (Iceberg REST, JDBC or Hive), not by local files. */
  public boolean catalogTablesInService() {
    return catalogTables == dev.mesh.model.TableFormat.ICEBERG && iceberg != null && !"hadoop".equals(iceberg.type());
  }
}
