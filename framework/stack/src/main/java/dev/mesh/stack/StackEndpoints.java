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
 * @param warehouse the local directory under which both catalogs place their tables when the stack is not on its
 *     object store
 * @param store the object store when the warehouse is on it ({@link #warehouseUri()} is then {@code s3a://...}); null
 *     for a stack whose warehouse is {@code warehouse}
 */
public record StackEndpoints(
    String catalogUri,
    String metastoreUri,
    String postgresUrl,
    String postgresUser,
    String postgresPassword,
    String icebergCatalogUrl,
    Path warehouse,
    S3Endpoint store) {

  /** Whether the warehouse is on the stack's object store. */
  public boolean onStore() {
    return store != null;
  }

  /** Where both catalogs place their tables: {@code s3a://mesh/warehouse} on the store, else the local directory's URI. */
  public String warehouseUri() {
    return store != null ? store.warehouse() : warehouse.toUri().toString();
  }

  /**
   * The variables {@code mesh stack env} exports, in order. On the store also {@code MESH_S3_ENDPOINT} (mesh sets
   * s3a's endpoint from it) and the store's keys as the standard {@code AWS_ACCESS_KEY_ID} / {@code
   * AWS_SECRET_ACCESS_KEY} (s3a's default credential chain reads them; mesh never copies them anywhere).
   */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESH_ENV", "shared");
    env.put("MESH_CATALOG_URI", catalogUri);
    env.put("MESH_METASTORE_URI", metastoreUri);
    env.put("MESH_WAREHOUSE", store != null ? store.warehouse() : warehouse.toString());
    env.put("MESH_PG_URL", postgresUrl);
    env.put("MESH_PG_USER", postgresUser);
    env.put("MESH_PG_PASSWORD", postgresPassword);
    if (store != null) {
      env.put("MESH_S3_ENDPOINT", store.endpoint());
      env.put("AWS_ACCESS_KEY_ID", store.accessKey());
      env.put("AWS_SECRET_ACCESS_KEY", store.secretKey());
    }
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
    conf.put("spark.sql.warehouse.dir", warehouseUri());
    return conf;
  }

  /**
   * What a Spark session sets to reach the object store through s3a (hadoop-aws on its classpath): endpoint,
   * path-style access, TLS as the endpoint says. No credentials: the session's JVM takes them from its environment.
   * Empty when the stack is not on the store.
   */
  public Map<String, String> s3aSparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    if (store != null) {
      S3Store.s3aSettings(store.endpoint()).forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    }
    return conf;
  }

  /** Never the secrets: endpoints printed in a message or a log show where the services are, not how to get in. */
  @Override
  public String toString() {
    return "StackEndpoints[catalogUri=" + catalogUri + ", metastoreUri=" + metastoreUri + ", postgresUrl=" + postgresUrl
        + ", postgresUser=" + postgresUser + ", postgresPassword=****, icebergCatalogUrl=" + icebergCatalogUrl
        + ", warehouse=" + warehouseUri() + ", store=" + store + "]";
  }
}
