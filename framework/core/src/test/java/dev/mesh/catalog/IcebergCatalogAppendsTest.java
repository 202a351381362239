package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.storage.IcebergTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Catalog tables kept in an Iceberg catalog (a shared deployment's) take their rows through Iceberg's own API, without
 * a Spark job: exactly the values Spark reads back, alongside Spark writers without losing a row, and through Spark
 * (with schema evolution) when the table is an older mesh's. Each test has an Iceberg catalog of its own.
 */
class IcebergCatalogAppendsTest {

  @Test
  void aDirectAppendWritesExactlyTheValuesSparkReadsBack() throws IOException {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_values"));
    CatalogStore catalog = new CatalogStore(spark, store, true);
    catalog.ensureCreated();
    Timestamp started = Timestamp.valueOf("2024-03-01 10:15:30.123456");
    Map<String, Long> timings = new LinkedHashMap<>();
    timings.put("write", 1366L);
    timings.put("quality", 500L);
    Row run =
        RowFactory.create(
            "r1", "sales.orders", "1.2.0", Date.valueOf("1995-06-01"), "succeeded", started,
            Timestamp.valueOf("2024-03-01 10:15:31.5"), 1377L, 42L, 7L, "2/2 passed", null,
            scala.collection.JavaConverters.mapAsScalaMap(timings),
            scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(List.of("first", "second"))).toSeq(), true,
            "/logs/r1.log");
    Row quality =
        RowFactory.create(
            "r1", "sales.orders", Date.valueOf("1995-06-01"), "rows", "row_count", "Size", 42.5, ">= 1", "error",
            "passed", null, 7L, started);

    catalog.append(CatalogTable.RUNS, List.of(run));
    catalog.append(CatalogTable.QUALITY, List.of(quality));

    assertThat(lastWriter(store, CatalogTable.RUNS)).isEqualTo(IcebergCatalogWriter.WRITER);
    assertThat(lastWriter(store, CatalogTable.QUALITY)).isEqualTo(IcebergCatalogWriter.WRITER);
    Row back = catalog.read(CatalogTable.RUNS).collectAsList().get(0);
    for (int i = 0; i < run.length(); i++) {
      if (i == 12) {
        assertThat(back.getJavaMap(i)).isEqualTo(timings);
      } else if (i == 13) {
        assertThat(back.getList(i)).containsExactly("first", "second");
      } else {
        assertThat(back.get(i)).as(CatalogTable.RUNS.schema().fields()[i].name()).isEqualTo(run.get(i));
      }
    }
    assertThat(catalog.read(CatalogTable.QUALITY).collectAsList()).containsExactly(quality);
  }

  @Test
  void directAndSparkWritersAppendAtOnceWithoutLosingARow() throws Exception {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_race"));
    CatalogStore direct = new CatalogStore(spark, store, true);
    CatalogStore sparkOnly = new CatalogStore(spark, store, false);
    direct.ensureCreated();
    int writers = 4;
    int appends = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        CatalogStore catalog = w % 2 == 0 ? direct : sparkOnly;
        String writer = "w" + w;
        running.add(
            CompletableFuture.runAsync(
                () -> {
                  SparkSession.setActiveSession(spark);
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  for (int i = 0; i < appends; i++) {
                    catalog.append(CatalogTable.RUNS, List.of(run(writer + "-" + i), run(writer + "-" + i + "b")));
                  }
                },
                pool));
      }
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    long expected = (long) writers * appends * 2;
    assertThat(direct.read(CatalogTable.RUNS).count()).isEqualTo(expected);
    assertThat(direct.read(CatalogTable.RUNS).select("run_id").distinct().count()).isEqualTo(expected);
    List<String> writersSeen = new ArrayList<>();
    for (Snapshot s : table(store, CatalogTable.RUNS).snapshots()) {
      writersSeen.add(s.summary().containsKey("spark.app.id") ? "spark" : s.summary().getOrDefault(IcebergCatalogWriter.WRITER_PROPERTY, "?"));
    }
    assertThat(writersSeen).contains("spark", IcebergCatalogWriter.WRITER).doesNotContain("?");
  }

  @Test
  void aCatalogTableOfAnOlderMeshGainsTheNewColumnThroughSpark() {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_older"));
    CatalogStore catalog = new CatalogStore(spark, store, true);
    // mesh.runs as a mesh before alerts wrote it: without its last column, log.
    StructType full = CatalogTable.RUNS.schema();
    StructType older = new StructType(java.util.Arrays.copyOf(full.fields(), full.fields().length - 1));
    store.append(TableLayout.catalogTable(CatalogTable.RUNS.tableName()), spark.createDataFrame(List.of(), older), false);

    catalog.append(CatalogTable.RUNS, List.of(run("new")));

    assertThat(table(store, CatalogTable.RUNS).currentSnapshot().summary()).containsKey("spark.app.id");
    assertThat(catalog.read(CatalogTable.RUNS).where("run_id = 'new'").select("log").head().getString(0)).isEqualTo("/logs/new.log");
    // From then on the table is the current schema, and the direct writer appends to it.
    catalog.append(CatalogTable.RUNS, List.of(run("next")));
    assertThat(lastWriter(store, CatalogTable.RUNS)).isEqualTo(IcebergCatalogWriter.WRITER);
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(2);
  }

  /** A Hadoop-type Iceberg catalog named {@code name} in a directory of its own (Spark loads catalogs on first use). */
  private static String catalog(SparkSession spark, String name) {
    try {
      spark.conf().set("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
      spark.conf().set("spark.sql.catalog." + name + ".type", "hadoop");
      spark.conf().set("spark.sql.catalog." + name + ".warehouse", Files.createTempDirectory(name).toUri().toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return name;
  }

  private static Table table(IcebergTableStore store, CatalogTable t) {
    Table table = store.table(TableLayout.catalogTable(t.tableName())).orElseThrow();
    table.refresh();
    return table;
  }

  /** Who committed the table's current snapshot: this writer's mark, or "spark". */
  private static String lastWriter(IcebergTableStore store, CatalogTable t) {
    Map<String, String> summary = table(store, t).currentSnapshot().summary();
    return summary.containsKey("spark.app.id") ? "spark" : summary.get(IcebergCatalogWriter.WRITER_PROPERTY);
  }

  private static Row run(String id) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    now.setNanos(now.getNanos() + 123_000); // microseconds too
    return RowFactory.create(
        id, "cat.alog", "1.0.0", Date.valueOf("2024-01-01"), "succeeded", now, now, 1L, 1L, 1L, "", null,
        scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<>(Map.of("write", 3L))),
        scala.collection.JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq(), false, "/logs/" + id + ".log");
  }
}
