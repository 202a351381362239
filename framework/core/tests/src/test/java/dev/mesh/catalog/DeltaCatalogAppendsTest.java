package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.storage.DeltaTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.SparkJobs;
import dev.mesh.testing.TempDirs;
import dev.mesh.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
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
  void aKernelAppendWritesExactlyTheValuesSparkReadsBack() throws Exception {
    SparkSession spark = TestSpark.session();
    CatalogStore catalog = store(spark, TempDirs.create("kernel-values"), true);
    catalog.ensureCreated();
    CatalogAppends.appendEveryKindOfValueAndReadItBack(
        catalog, () -> assertThat(lastEngine(catalog, CatalogTable.RUNS)).contains("Delta Kernel"));
  }

  @Test
  void kernelAndSparkWritersAppendAtOnceWithoutLosingARow() throws Exception {
    SparkSession spark = TestSpark.session();
    Path dir = TempDirs.create("kernel-race");
    CatalogStore kernel = store(spark, dir, true);
    CatalogStore sparkOnly = store(spark, dir, false);
    kernel.ensureCreated();
    List<CatalogStore> writers = List.of(kernel, sparkOnly, kernel, sparkOnly);
    int appends = 5;
    CatalogAppends.race(spark, writers, appends);

    long expected = (long) writers.size() * appends * 2;
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
    Path dir = TempDirs.create("kernel-older");
    CatalogStore catalog = store(spark, dir, true);
    // mesh.runs as a mesh before alerts wrote it: without log and the columns added after it (restored_run, reason).
    StructType full = CatalogTable.RUNS.schema();
    StructType older = new StructType(java.util.Arrays.copyOf(full.fields(), java.util.Arrays.asList(full.fieldNames()).indexOf("log")));
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
    CatalogStore catalog = store(spark, TempDirs.create("kernel-feature"), true);
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
    CatalogStore catalog = store(spark, TempDirs.create("kernel-files"), true);
    boolean[] existed = new boolean[2];
    int jobsToCheck = SparkJobs.startedBy(spark, () -> existed[0] = catalog.exists(CatalogTable.RUNS));
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
    jobsToCheck += SparkJobs.startedBy(spark, () -> {
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

  private static CatalogStore store(SparkSession spark, Path dir, boolean kernel) {
    return new CatalogStore(spark, new DeltaTableStore(spark, new TableLayout(dir.toString()), false), kernel);
  }

  private static Row run(String id) {
    return CatalogAppends.run(id);
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
