package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.storage.DeltaTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's catalog tables (local Delta) take their rows through Delta Kernel, without a Spark job:
 * exactly the values Spark reads back, alongside Spark writers without losing a row, checkpointed as Spark would, and
 * through Spark (with schema evolution) when the table is an older mesh's.
 */
class DeltaCatalogAppendsTest {

  @Test
  void aKernelAppendWritesExactlyTheValuesSparkReadsBack() throws IOException {
    SparkSession spark = TestSpark.session();
    CatalogStore catalog = store(spark, Files.createTempDirectory("kernel-values"), true);
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

    assertThat(lastEngine(catalog, CatalogTable.RUNS)).contains("Delta Kernel");
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
  void kernelAndSparkWritersAppendAtOnceWithoutLosingARow() throws Exception {
    SparkSession spark = TestSpark.session();
    Path dir = Files.createTempDirectory("kernel-race");
    CatalogStore kernel = store(spark, dir, true);
    CatalogStore sparkOnly = store(spark, dir, false);
    kernel.ensureCreated();
    int writers = 4;
    int appends = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        CatalogStore catalog = w % 2 == 0 ? kernel : sparkOnly;
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
    assertThat(kernel.read(CatalogTable.RUNS).select("run_id").distinct().count()).isEqualTo(expected);
    assertThat(kernel.read(CatalogTable.RUNS).count()).isEqualTo(expected);
    // Both kinds of commit are in the log, and the 20 commits past the creation were checkpointed.
    Path log = Path.of(kernel.location(CatalogTable.RUNS), "_delta_log");
    List<String> engines = engines(log);
    assertThat(engines).anyMatch(e -> e.contains("Delta Kernel")).anyMatch(e -> e.startsWith("Apache-Spark"));
    assertThat(Files.exists(log.resolve("_last_checkpoint"))).isTrue();
    // Read without Spark too, as mesh status reads it: the same values from the files either writer wrote (Spark writes
    // timestamps as INT96, Kernel as microseconds).
    String root = Path.of(kernel.location(CatalogTable.RUNS)).getParent().toString();
    List<CatalogRow> read =
        new DeltaKernelCatalogReader(root).read(CatalogTable.RUNS, List.of("run_id", "started_at", "timings_ms", "log"), r -> true);
    assertThat(read).hasSize((int) expected);
    Map<String, List<Object>> bySpark = new java.util.HashMap<>();
    for (Row r : kernel.read(CatalogTable.RUNS).select("run_id", "started_at", "timings_ms", "log").collectAsList()) {
      bySpark.put(r.getString(0), List.of(r.getTimestamp(1).toInstant(), r.getJavaMap(2), r.getString(3)));
    }
    for (CatalogRow r : read) {
      assertThat(List.of(r.instant("started_at"), r.get("timings_ms"), r.string("log")))
          .as(r.string("run_id")).isEqualTo(bySpark.get(r.string("run_id")));
    }
  }

  @Test
  void aCatalogTableOfAnOlderMeshGainsTheNewColumnThroughSpark() throws IOException {
    SparkSession spark = TestSpark.session();
    Path dir = Files.createTempDirectory("kernel-older");
    CatalogStore catalog = store(spark, dir, true);
    // mesh.runs as a mesh before alerts wrote it: without its last column, log.
    StructType full = CatalogTable.RUNS.schema();
    StructType older = new StructType(java.util.Arrays.copyOf(full.fields(), full.fields().length - 1));
    spark.createDataFrame(List.of(), older).write().format("delta").save(catalog.location(CatalogTable.RUNS));

    catalog.append(CatalogTable.RUNS, List.of(run("new")));

    assertThat(lastEngine(catalog, CatalogTable.RUNS)).startsWith("Apache-Spark");
    assertThat(catalog.read(CatalogTable.RUNS).columns()).contains("log");
    assertThat(catalog.read(CatalogTable.RUNS).where("run_id = 'new'").select("log").head().getString(0)).isEqualTo("/logs/new.log");
    // From then on the table is the current schema, and Kernel appends to it.
    catalog.append(CatalogTable.RUNS, List.of(run("next")));
    assertThat(lastEngine(catalog, CatalogTable.RUNS)).contains("Delta Kernel");
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(2);
  }

  @Test
  void aTableWithAFeatureKernelDoesNotWriteTakesItsRowsThroughSpark() throws IOException {
    SparkSession spark = TestSpark.session();
    CatalogStore catalog = store(spark, Files.createTempDirectory("kernel-feature"), true);
    catalog.ensureCreated();
    String location = catalog.location(CatalogTable.RUNS);
    // Change data feed: a writer feature Delta Kernel 3.3 refuses to write.
    spark.sql("ALTER TABLE delta.`" + location + "` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");

    catalog.append(CatalogTable.RUNS, List.of(run("cdf")));

    assertThat(lastEngine(catalog, CatalogTable.RUNS)).startsWith("Apache-Spark");
    assertThat(catalog.read(CatalogTable.RUNS).select("run_id").head().getString(0)).isEqualTo("cdf");
  }

  @Test
  void whetherATableExistsAndItsFileCountComeFromTheLogWithoutASparkJob() throws IOException {
    SparkSession spark = TestSpark.session();
    CatalogStore catalog = store(spark, Files.createTempDirectory("kernel-files"), true);
    boolean[] existed = new boolean[2];
    int jobsToCheck = jobs(spark, () -> existed[0] = catalog.exists(CatalogTable.RUNS));
    catalog.ensureCreated();
    // 11 commits: a checkpoint at the tenth, which Spark's own checks read with a Spark job.
    for (int i = 0; i < 10; i++) {
      catalog.append(CatalogTable.RUNS, List.of(run("f" + i)));
    }
    String location = catalog.location(CatalogTable.RUNS);
    assertThat(Path.of(location, "_delta_log", "_last_checkpoint")).exists();
    long bySpark = io.delta.tables.DeltaTable.forPath(spark, location).detail().select("numFiles").head().getLong(0);
    org.apache.spark.sql.delta.DeltaLog.clearCache(); // as a new command's JVM finds it

    long[] counted = new long[2];
    jobsToCheck += jobs(spark, () -> {
      existed[1] = catalog.exists(CatalogTable.RUNS);
      counted[0] = catalog.fileCount(CatalogTable.RUNS);
      counted[1] = catalog.fileCount(CatalogTable.QUALITY);
    });

    assertThat(existed).containsExactly(false, true);
    assertThat(bySpark).isEqualTo(10);
    assertThat(counted).containsExactly(10, 0);
    assertThat(jobsToCheck).as("Spark jobs started by asking whether the table exists and counting its files").isZero();
    // What Mesh.close does after a command's runs, here above 3 files: only mesh.runs is compacted, no row lost.
    Map<CatalogTable, long[]> done = catalog.compact(3);
    assertThat(done).containsOnlyKeys(CatalogTable.RUNS);
    assertThat(done.get(CatalogTable.RUNS)).containsExactly(10, 1);
    assertThat(catalog.fileCount(CatalogTable.RUNS)).isEqualTo(1);
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(10);
  }

  /** The Spark jobs {@code action} started (listener events are asynchronous: the bus is drained around it). */
  private static int jobs(SparkSession spark, Runnable action) {
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener counter =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
            started.incrementAndGet();
          }
        };
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      spark.sparkContext().addSparkListener(counter);
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain within 10 s", e);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return started.get();
  }

  private static CatalogStore store(SparkSession spark, Path dir, boolean kernel) {
    return new CatalogStore(spark, new DeltaTableStore(spark, new TableLayout(dir.toString()), false), kernel);
  }

  private static Row run(String id) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    now.setNanos(now.getNanos() + 123_000); // microseconds too
    return RowFactory.create(
        id, "cat.alog", "1.0.0", Date.valueOf("2024-01-01"), "succeeded", now, now, 1L, 1L, 1L, "", null,
        scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<>(Map.of("write", 3L))),
        scala.collection.JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq(), false, "/logs/" + id + ".log");
  }

  /** The engine that wrote the table's latest commit (its commitInfo.engineInfo). */
  private static String lastEngine(CatalogStore catalog, CatalogTable t) throws IOException {
    List<String> all = engines(Path.of(catalog.location(t), "_delta_log"));
    return all.get(all.size() - 1);
  }

  private static List<String> engines(Path log) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(log)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"engineInfo\":\"([^\"]*)\"").matcher(line);
          if (m.find()) {
            out.add(m.group(1));
          }
        }
      }
    }
    return out;
  }
}
