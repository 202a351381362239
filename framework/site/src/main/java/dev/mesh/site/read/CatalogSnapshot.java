package dev.mesh.site.read;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.site.model.QualityRecord;
import dev.mesh.site.model.RunRecord;
import dev.mesh.site.model.SiteData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads what the site shows from the catalog tables, in one pass over each: {@code mesh.runs}, {@code mesh.quality},
 * the latest lineage ({@link CatalogQueries#graph()}), {@code mesh.products} (table locations) and, when the
 * catalog has one, {@code mesh.alerts}.
 */
public final class CatalogSnapshot {
  /** How many runs of a product the site keeps (newest): its run table and its health need no more. */
  public static final int RUNS_PER_PRODUCT = 20;
  /** How many outcomes of each rule a trend chart draws (newest). */
  public static final int POINTS_PER_RULE = 30;

  private CatalogSnapshot() {}

  /**
   * @param asOf the instant freshness is judged at; null for the end of the newest run in the catalog, so that the
   *     same catalog gives the same site whenever it is built
   */
  public static SiteData read(SparkSession spark, CatalogStore catalog, MeshConfig config, ProductGraph graph, Instant asOf) {
    // The tables are independent: read them at once, so Spark's planning and Delta's log reading of one overlap the
    // scans of the others (a cold JVM spends most of its time there, not in the few MB of rows).
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "mesh-site-read");
      t.setDaemon(true);
      return t;
    });
    try {
      var runsF = submit(pool, spark, () -> runs(catalog));
      var qualityF = submit(pool, spark, () -> quality(catalog));
      var lineageF = submit(pool, spark, () -> catalog.exists(CatalogTable.LINEAGE)
          ? new CatalogQueries(new dev.mesh.catalog.SparkCatalogReader(catalog), config).graph() : new CatalogQueries.Graph(Map.of(), Map.of()));
      var locationsF = submit(pool, spark, () -> locations(catalog));
      var alertsF = submit(pool, spark, () -> Alerts.open(spark));
      SortedMap<String, List<RunRecord>> runs = runsF.join();
      Instant at = asOf != null ? asOf
          : runs.values().stream().flatMap(List::stream).map(RunRecord::endedAt).filter(java.util.Objects::nonNull)
              .max(Instant::compareTo).orElse(Instant.EPOCH);
      return new SiteData(graph, runs, qualityF.join(), lineageF.join(), locationsF.join(), alertsF.join(), at);
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> java.util.concurrent.CompletableFuture<T> submit(
      java.util.concurrent.ExecutorService pool, SparkSession spark, java.util.function.Supplier<T> read) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      SparkSession.setActiveSession(spark);
      return read.get();
    }, pool);
  }

  private static SortedMap<String, List<RunRecord>> runs(CatalogStore catalog) {
    SortedMap<String, List<RunRecord>> out = new TreeMap<>();
    if (!catalog.exists(CatalogTable.RUNS)) {
      return out;
    }
    for (Row r : catalog.read(CatalogTable.RUNS).select(
        "run_id", "product", "product_version", "logical_date", "status", "started_at", "ended_at", "duration_ms",
        "rows_written", "table_version", "quality_summary", "error").collectAsList()) {
      RunRecord run = new RunRecord(r.getString(0), r.getString(1), r.getString(2), date(r.get(3)), r.getString(4),
          instant(r.get(5)), instant(r.get(6)), (Long) r.get(7), (Long) r.get(8), (Long) r.get(9), r.getString(10), r.getString(11));
      out.computeIfAbsent(run.product(), k -> new ArrayList<>()).add(run);
    }
    out.replaceAll((k, v) -> {
      v.sort(RunRecord.NEWEST_FIRST);
      return List.copyOf(v.subList(0, Math.min(v.size(), RUNS_PER_PRODUCT)));
    });
    return out;
  }

  private static SortedMap<String, List<QualityRecord>> quality(CatalogStore catalog) {
    SortedMap<String, List<QualityRecord>> out = new TreeMap<>();
    if (!catalog.exists(CatalogTable.QUALITY)) {
      return out;
    }
    // The newest POINTS_PER_RULE outcomes of each rule of each product, ranked in Spark: a mesh's whole history
    // never reaches the driver.
    var newest = org.apache.spark.sql.expressions.Window.partitionBy("product", "rule")
        .orderBy(functions.col("recorded_at").desc(), functions.col("run_id").desc());
    Dataset<Row> rows = catalog.read(CatalogTable.QUALITY)
        .withColumn("n", functions.row_number().over(newest))
        .where(functions.col("n").leq(POINTS_PER_RULE))
        .select("run_id", "product", "logical_date", "rule", "kind", "metric", "value", "threshold", "severity", "status",
            "message", "recorded_at");
    for (Row r : rows.collectAsList()) {
      QualityRecord q = new QualityRecord(r.getString(0), r.getString(1), date(r.get(2)), r.getString(3), r.getString(4),
          r.getString(5), (Double) r.get(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), instant(r.get(11)));
      out.computeIfAbsent(q.product(), k -> new ArrayList<>()).add(q);
    }
    out.replaceAll((k, v) -> {
      v.sort(QualityRecord.OLDEST_FIRST);
      return List.copyOf(v);
    });
    return out;
  }

  private static SortedMap<String, String> locations(CatalogStore catalog) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!catalog.exists(CatalogTable.PRODUCTS)) {
      return out;
    }
    for (Row r : catalog.read(CatalogTable.PRODUCTS).groupBy("id")
        .agg(functions.max_by(functions.col("location"), functions.col("updated"))).collectAsList()) {
      if (!r.isNullAt(1)) {
        out.put(r.getString(0), r.getString(1));
      }
    }
    return out;
  }

  static Instant instant(Object v) {
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return (Instant) v;
  }

  static LocalDate date(Object v) {
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return (LocalDate) v;
  }

  static List<String> columns(Dataset<Row> df) {
    return Arrays.asList(df.columns());
  }
}
