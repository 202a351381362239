package dev.mesh.stack;

import org.apache.spark.sql.SparkSession;

/**
 * A second client, in a JVM of its own: prints what it finds through the stack's services, one line each, for
 * {@link StackTest} to compare with what the first session wrote.
 */
public final class SparkClientCheck {
  private SparkClientCheck() {}

  /** Arguments: the metastore URI, the warehouse URI, the REST catalog URI, the Hive database, the Iceberg table. */
  public static void main(String[] args) {
    SparkSession.Builder b =
        SparkSession.builder().master("local[1]").appName("mesh-stack-second-client")
            .config("spark.ui.enabled", "false")
            .config("spark.hadoop.hive.metastore.uris", args[0])
            .config("spark.sql.warehouse.dir", args[1])
            .config("spark.sql.catalog.rest", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.rest.type", "rest")
            .config("spark.sql.catalog.rest.uri", args[2])
            .enableHiveSupport();
    SparkSession spark = b.getOrCreate();
    try {
      System.out.println("hive-tables=" + String.join(",", spark.sql("show tables in " + args[3]).select("tableName").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
      System.out.println("hive-rows=" + spark.sql("select count(*) from " + args[3] + ".orders").first().getLong(0));
      System.out.println("iceberg-rows=" + spark.sql("select count(*) from rest." + args[4]).first().getLong(0));
    } finally {
      spark.stop();
    }
  }
}
