package dev.mesh.site.read;

import dev.mesh.alert.Alert;
import dev.mesh.alert.Alerting;
import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.TransformTestsLoader;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.site.model.QualityRecord;
import dev.mesh.site.model.RunRecord;
import dev.mesh.site.model.SiteData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads what the site shows from the catalog tables, in one pass over each, through a {@link CatalogReader} (Delta
 * Kernel without a Spark session on the embedded default): {@code mesh.runs}, {@code mesh.quality}, the latest
 * lineage ({@link CatalogQueries#graph()}), {@code mesh.products} (table locations) and the open alerts of {@code
 * mesh.alerts} ({@link Alerting#openAlerts}, the same ones {@code mesh status} shows).
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
  public static SiteData read(CatalogReader reader, MeshConfig config, ProductGraph graph, Instant asOf) {
    // The tables are independent: read them at once (decoding one overlaps the file reads of another).
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "mesh-site-read");
      t.setDaemon(true);
      return t;
    });
    try {
      var runsF = CompletableFuture.supplyAsync(() -> runs(reader), pool);
      var qualityF = CompletableFuture.supplyAsync(() -> quality(reader), pool);
      var lineageF = CompletableFuture.supplyAsync(() -> new CatalogQueries(reader, config).graph(), pool);
      var locationsF = CompletableFuture.supplyAsync(() -> locations(reader), pool);
      var alertsF = CompletableFuture.supplyAsync(() -> alerts(reader, config), pool);
      Runs read = runsF.join();
      SortedMap<String, List<RunRecord>> runs = read.byProduct();
      Instant at = asOf != null ? asOf
          : runs.values().stream().flatMap(List::stream).map(RunRecord::endedAt).filter(java.util.Objects::nonNull)
              .max(Instant::compareTo).orElse(Instant.EPOCH);
      return new SiteData(
          graph, runs, qualityF.join(), lineageF.join(), locationsF.join(), alertsF.join(), at, config.platform().retention(),
          unitTests(config), read.holds());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** How many unit tests each product's transform has (jobs/<domain>/tests); null when a test file does not load. */
  static SortedMap<String, Integer> unitTests(MeshConfig config) {
    return new TransformTestsLoader(config).counts().map(counts -> {
      SortedMap<String, Integer> out = new TreeMap<>();
      counts.forEach((id, n) -> out.put(id.toString(), n));
      return out;
    }).orElse(null);
  }

  /** Each product's newest runs, and the holds in force (from every row, however old). */
  private record Runs(SortedMap<String, List<RunRecord>> byProduct, SortedMap<String, dev.mesh.catalog.Holds.Hold> holds) {}

  private static Runs runs(CatalogReader reader) {
    SortedMap<String, List<RunRecord>> out = new TreeMap<>();
    List<CatalogRow> rows = reader.read(CatalogTable.RUNS, List.of(
        "run_id", "product", "product_version", "logical_date", "status", "started_at", "ended_at", "duration_ms",
        "rows_written", "table_version", "quality_summary", "error", "restored_run", "reason"));
    SortedMap<String, dev.mesh.catalog.Holds.Hold> holds = new TreeMap<>(dev.mesh.catalog.Holds.inForce(rows));
    for (CatalogRow r : rows) {
      RunRecord run = new RunRecord(r.string("run_id"), r.string("product"), r.string("product_version"), r.date("logical_date"),
          r.string("status"), r.instant("started_at"), r.instant("ended_at"), r.longValue("duration_ms"), r.longValue("rows_written"),
          r.longValue("table_version"), r.string("quality_summary"), r.string("error"), r.string("restored_run"));
      out.computeIfAbsent(run.product(), k -> new ArrayList<>()).add(run);
    }
    out.replaceAll((k, v) -> {
      v.sort(RunRecord.NEWEST_FIRST);
      return List.copyOf(v.subList(0, Math.min(v.size(), RUNS_PER_PRODUCT)));
    });
    return new Runs(out, holds);
  }

  /** The newest {@link #POINTS_PER_RULE} outcomes of each rule of each product, oldest first. */
  private static SortedMap<String, List<QualityRecord>> quality(CatalogReader reader) {
    Map<String, List<QualityRecord>> byRule = new HashMap<>();
    for (CatalogRow r : reader.read(CatalogTable.QUALITY, List.of(
        "run_id", "product", "logical_date", "rule", "kind", "metric", "value", "threshold", "severity", "status", "message",
        "recorded_at"))) {
      QualityRecord q = new QualityRecord(r.string("run_id"), r.string("product"), r.date("logical_date"), r.string("rule"),
          r.string("kind"), r.string("metric"), r.doubleValue("value"), r.string("threshold"), r.string("severity"),
          r.string("status"), r.string("message"), r.instant("recorded_at"));
      byRule.computeIfAbsent(q.product() + "\u0000" + q.rule(), k -> new ArrayList<>()).add(q);
    }
    Comparator<QualityRecord> newest =
        Comparator.comparing(QualityRecord::recordedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(QualityRecord::runId, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .reversed();
    SortedMap<String, List<QualityRecord>> out = new TreeMap<>();
    for (List<QualityRecord> rule : byRule.values()) {
      rule.sort(newest);
      out.computeIfAbsent(rule.get(0).product(), k -> new ArrayList<>()).addAll(rule.subList(0, Math.min(rule.size(), POINTS_PER_RULE)));
    }
    out.replaceAll((k, v) -> {
      v.sort(QualityRecord.OLDEST_FIRST);
      return List.copyOf(v);
    });
    return out;
  }

  /** Each product's table location, from its latest {@code mesh.products} row. */
  private static SortedMap<String, String> locations(CatalogReader reader) {
    Map<String, CatalogRow> latest = new HashMap<>();
    Comparator<CatalogRow> byUpdate = Comparator.comparing(r -> r.instant("updated"), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
    for (CatalogRow r : reader.read(CatalogTable.PRODUCTS, List.of("id", "location", "updated"))) {
      latest.merge(r.string("id"), r, (a, b) -> byUpdate.compare(a, b) >= 0 ? a : b);
    }
    SortedMap<String, String> out = new TreeMap<>();
    latest.forEach((id, r) -> {
      if (r.string("location") != null) {
        out.put(id, r.string("location"));
      }
    });
    return out;
  }

  /** The open alerts, each as the columns the home page shows. */
  private static List<SortedMap<String, String>> alerts(CatalogReader reader, MeshConfig config) {
    Map<String, List<String>> tags = new HashMap<>();
    config.all().forEach(d -> tags.put(d.id().toString(), d.tags()));
    List<SortedMap<String, String>> out = new ArrayList<>();
    for (Alert a : Alerting.openAlerts(reader, tags)) {
      SortedMap<String, String> row = new TreeMap<>();
      row.put("severity", text(a.severity()));
      row.put("kind", text(a.kind()));
      row.put("product", text(a.product()));
      row.put("date", a.logicalDate() == null ? "" : a.logicalDate().toString());
      row.put("what", text(a.summary()));
      row.put("look", text(a.command()));
      out.add(row);
    }
    out.sort(Comparator.comparing((SortedMap<String, String> m) -> m.get("severity")).thenComparing(m -> m.get("product")).thenComparing(m -> m.get("kind")));
    return out;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
