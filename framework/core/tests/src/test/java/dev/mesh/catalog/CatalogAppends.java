package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** What the tests of the catalog's direct writers (Delta Kernel, Iceberg's API) append and how they race. */
final class CatalogAppends {
  private CatalogAppends() {}

  /** A mesh.runs row of the current schema, with microseconds in its timestamps. */
  static Row run(String id) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    now.setNanos(now.getNanos() + 123_000); // microseconds too
    return RowFactory.create(
        id, "cat.alog", "1.0.0", Date.valueOf("2024-01-01"), "succeeded", now, now, 1L, 1L, 1L, "", null,
        scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<>(Map.of("write", 3L))),
        scala.collection.JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq(), false, "/logs/" + id + ".log", null, null);
  }

  /**
   * Appends a mesh.runs row and a mesh.quality row holding every kind of value the catalog tables have (microsecond
   * timestamps, dates, a map, an array, a boolean, nulls), then checks Spark reads back exactly those values.
   */
  static void appendEveryKindOfValueAndReadItBack(CatalogStore catalog, Check afterAppends) throws Exception {
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
            "/logs/r1.log", "r0", "a wrong discount");
    Row quality =
        RowFactory.create(
            "r1", "sales.orders", Date.valueOf("1995-06-01"), "rows", "row_count", "Size", 42.5, ">= 1", "error",
            "passed", null, 7L, started);

    catalog.append(CatalogTable.RUNS, List.of(run));
    catalog.append(CatalogTable.QUALITY, List.of(quality));
    afterAppends.run();

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

  /** A check run between the appends and the read-back (which writer committed them). */
  interface Check {
    void run() throws Exception;
  }

  /**
   * Writer {@code w} appends to mesh.runs through {@code stores.get(w)}, {@code appends} times two rows, all writers
   * starting at once.
   */
  static void race(SparkSession spark, List<CatalogStore> stores, int appends) {
    ExecutorService pool = Executors.newFixedThreadPool(stores.size());
    try {
      CyclicBarrier start = new CyclicBarrier(stores.size());
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < stores.size(); w++) {
        CatalogStore catalog = stores.get(w);
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
  }
}
