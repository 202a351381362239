package analyst;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An analyst's Spark session, with no mesh class anywhere on its classpath: Spark, Delta and Iceberg's runtime jars,
 * and the catalog settings of README "Reading products from any Spark session", given as {@code -Dspark.*} (as
 * spark-defaults.conf would). The shared catalog test runs it in its own JVM. Output, one line each:
 * {@code namespaces <a,b,...>}; per SQL argument {@code sql <i> <first column of the first row>}; and, with
 * {@code -Drest.uri}, per table Iceberg's own REST client lists: {@code iceberg <ns>.<table> <total-records>}. With
 * {@code -Dleak.clear=<internal table>:<pii column>,...;...}, a {@link PiiLeakScan} of every table outside the
 * {@code *_internal} namespaces: {@code leak-clear-values <n>}, {@code leak-scanned <tables>}, one {@code leak ...} per
 * clear value found.
 */
public final class PlainSparkReader {
  private PlainSparkReader() {}

  public static void main(String[] args) throws Exception {
    // Both cores: its reads (with the shared-catalog test's leak scan of every table) are that test's longest step.
    // Sized for one machine (README "Reading products from any Spark session"): with Spark's and Delta's defaults, 200
    // shuffle partitions and 50 tasks for each Delta table's first snapshot, its task threads ran five times as long
    // (flight recordings of the shared-catalog test's analyst: 1,561 samples against 277).
    SparkSession spark = SparkSession.builder().master("local[2]").appName("analyst")
        .config("spark.sql.shuffle.partitions", "2").config("spark.databricks.delta.snapshotPartitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    List<String> namespaces = new ArrayList<>();
    for (Row r : spark.sql("SHOW NAMESPACES").collectAsList()) {
      namespaces.add(r.getString(0));
    }
    System.out.println("namespaces " + String.join(",", namespaces));
    for (int i = 0; i < args.length; i++) {
      Row first = spark.sql(args[i]).first();
      System.out.println("sql " + i + " " + first.get(0));
    }
    String rest = System.getProperty("rest.uri");
    java.util.TreeSet<String> tables = new java.util.TreeSet<>();
    for (String ns : namespaces) {
      for (Row t : spark.sql("SHOW TABLES IN `" + ns + "`").collectAsList()) {
        tables.add(ns + "." + t.getString(1));
      }
    }
    if (rest != null) {
      try (RESTCatalog catalog = new RESTCatalog()) {
        // Table metadata comes from the server; HadoopFileIO as mesh's catalogs use it (no iceberg-aws here).
        catalog.initialize("rest", Map.of("uri", rest, "io-impl", "org.apache.iceberg.hadoop.HadoopFileIO"));
        for (Namespace ns : catalog.listNamespaces()) {
          for (TableIdentifier id : catalog.listTables(ns)) {
            var snapshot = catalog.loadTable(id).currentSnapshot();
            String records = snapshot == null ? "0" : snapshot.summary().getOrDefault("total-records", "?");
            System.out.println("iceberg " + id + " " + records);
            tables.add(id.toString());
          }
        }
      }
    }
    String leak = System.getProperty("leak.clear");
    if (leak != null) {
      Map<String, List<String>> clear = new java.util.TreeMap<>();
      for (String part : leak.split(";")) {
        String[] tc = part.split(":");
        clear.put(tc[0], List.of(tc[1].split(",")));
      }
      List<String> outside = tables.stream().filter(t -> !t.substring(0, t.indexOf('.')).endsWith("_internal")).toList();
      PiiLeakScan.Result result = PiiLeakScan.scan(spark, clear, outside);
      System.out.println("leak-clear-values " + result.clearValues());
      System.out.println("leak-scanned " + String.join(",", result.scanned()));
      result.leaks().forEach(l -> System.out.println("leak " + l));
    }
    spark.stop();
  }
}
