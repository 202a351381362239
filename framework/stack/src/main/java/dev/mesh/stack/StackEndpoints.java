package dev.mesh.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running stack's services answer, and what a client sets to use them.
 *
 * @param catalogUri the Iceberg REST catalog, {@code http://127.0.0.1:<port>}
 * @param metastoreUri the Hive metastore, {@code thrift://127.0.0.1:<port>}
 * @param postgresUrl the JDBC URL of the metastore's PostgreSQL database
 * @param postgresUser the PostgreSQL user (owner of both databases)
 * @param postgresPassword its password
 * @param icebergCatalogUrl the JDBC URL of the Iceberg catalog's PostgreSQL database (the REST server's backend)
 * @param warehouse the directory under which both catalogs place their tables
 */
public record StackEndpoints(
    String catalogUri,
    String metastoreUri,
    String postgresUrl,
    String postgresUser,
    String postgresPassword,
    String icebergCatalogUrl,
    Path warehouse) {

  /** The variables {@code mesh stack env} exports, in order. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESH_ENV", "shared");
    env.put("MESH_CATALOG_URI", catalogUri);
    env.put("MESH_METASTORE_URI", metastoreUri);
    env.put("MESH_WAREHOUSE", warehouse.toString());
    env.put("MESH_PG_URL", postgresUrl);
    env.put("MESH_PG_USER", postgresUser);
    env.put("MESH_PG_PASSWORD", postgresPassword);
    return env;
  }

  /** {@link #env()} as lines a POSIX shell evaluates: {@code export K='v'} (quoted when needed). */
  public java.util.List<String> exports() {
    return env().entrySet().stream().map(e -> "export " + e.getKey() + "=" + shellQuote(e.getValue())).toList();
  }

  static String shellQuote(String v) {
    return v.matches("[A-Za-z0-9_./:@%+=,-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }

  /**
   * A Spark session's settings for both services: the Iceberg REST catalog as the Spark catalog {@code
   * icebergCatalog}, and the Hive metastore as the session catalog (the session must also be built with {@code
   * spark-hive} on its classpath; {@code spark.sql.catalogImplementation=hive} is what {@code enableHiveSupport()}
   * sets).
   */
  public Map<String, String> sparkConf(String icebergCatalog) {
    Map<String, String> conf = new LinkedHashMap<>(icebergRestSparkConf(icebergCatalog));
    conf.putAll(metastoreSparkConf());
    return conf;
  }

  /** The Iceberg REST catalog as the Spark catalog {@code name} (iceberg-spark-runtime on the classpath). */
  public Map<String, String> icebergRestSparkConf(String name) {
    Map<String, String> conf = new LinkedHashMap<>();
    String prefix = "spark.sql.catalog." + name;
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(prefix + ".type", "rest");
    conf.put(prefix + ".uri", catalogUri);
    return conf;
  }

  /** The Hive metastore as Spark's session catalog (Spark's built-in Hive 2.3.9 client). */
  public Map<String, String> metastoreSparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.catalogImplementation", "hive");
    conf.put("spark.hadoop.hive.metastore.uris", metastoreUri);
    conf.put("spark.sql.warehouse.dir", warehouse.toUri().toString());
    return conf;
  }
}
