package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.WriteMode;
import dev.mesh.testing.SparkJobs;
import dev.mesh.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local Delta table's existence and file count come from its log (Delta Kernel), answered as Spark answers them but
 * without a Spark job, through a table's whole life: never written, a log with no commit, appended to by Spark and by
 * {@link TableStore#appendRows}, checkpointed, rolled back. (Spark's own checks need no job either while the latest
 * commit has a checksum file, as Spark's commits do; Kernel's commits have none, so Spark then replays the checkpoint
 * with a job: seconds of every command's start and end for the four catalog tables.)
 */
class DeltaTableStoreTest {
  @TempDir Path root;

  @Test
  void whetherATableExistsAndItsFilesAreReadFromItsLogAsSparkAnswersThem() throws Exception {
    SparkSession spark = TestSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, new TableLayout(root.toString()), false);
    ProductId id = new ProductId("sales", "exists_probe");
    String path = store.location(id);
    List<Boolean> ours = new ArrayList<>();
    List<Boolean> sparks = new ArrayList<>();
    int[] jobs = {0};
    Runnable ask =
        () -> {
          DeltaLog.clearCache(); // as a new command's JVM finds the table
          jobs[0] += SparkJobs.startedBy(spark, () -> ours.add(store.exists(id)));
          sparks.add(DeltaTable.isDeltaTable(spark, path));
        };

    ask.run(); // nothing there
    Files.createDirectories(Path.of(path, "_delta_log"));
    ask.run(); // a log folder whose first commit never landed
    store.write(id, spark.range(2).toDF(), new OutputSpec(TableFormat.DELTA, WriteMode.APPEND, List.of(), List.of()));
    for (long i = 0; i < 10; i++) {
      assertThat(store.appendRows(id, spark.range(1).schema(), List.of(RowFactory.create(i)))).isTrue();
    }
    assertThat(Path.of(path, "_delta_log", "_last_checkpoint")).exists();
    ask.run(); // written, checkpointed by Kernel
    long[] files = new long[1];
    DeltaLog.clearCache();
    jobs[0] += SparkJobs.startedBy(spark, () -> files[0] = store.fileCount(id));
    long sparkFiles = DeltaTable.forPath(spark, path).detail().select("numFiles").head().getLong(0);
    store.rollback(id, null);
    ask.run(); // the run that created it rolled back: gone

    assertThat(ours).containsExactly(false, false, true, false).isEqualTo(sparks);
    assertThat(files[0]).isEqualTo(sparkFiles).isGreaterThanOrEqualTo(11); // at least one file a commit
    assertThat(jobs[0]).as("Spark jobs started by asking whether the table exists and counting its files").isZero();
  }

  @Test
  void aTableKernelCannotReadExistsAllTheSameAndTakesNoDirectAppend() throws Exception {
    // A table of a newer Delta: its protocol names a reader feature this Kernel does not know (its snapshot throws
    // a KernelException). It exists all the same, and the direct append declines it, writing nothing.
    Path table = root.resolve("from_a_newer_delta");
    Path log = Files.createDirectories(table.resolve("_delta_log"));
    String schema =
        "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
    Files.writeString(
        log.resolve("00000000000000000000.json"),
        String.join(
            "\n",
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"meshFutureFeature\"],"
                + "\"writerFeatures\":[\"meshFutureFeature\"]}}",
            "{\"metaData\":{\"id\":\"00000000-0000-0000-0000-000000000001\",\"format\":{\"provider\":\"parquet\",\"options\":{}},"
                + "\"schemaString\":\"" + schema + "\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":0}}",
            "{\"commitInfo\":{\"timestamp\":0,\"operation\":\"CREATE TABLE\"}}")
            + "\n");
    DeltaKernelTables kernel = new DeltaKernelTables();
    StructType longs = new StructType().add("id", DataTypes.LongType);

    assertThat(kernel.exists(table.toString())).as("a table Kernel cannot read exists").isTrue();
    assertThat(kernel.append(table.toString(), longs, List.of(RowFactory.create(1L)))).as("direct append").isFalse();
    try (Stream<Path> commits = Files.list(log)) {
      assertThat(commits.map(f -> f.getFileName().toString())).containsExactly("00000000000000000000.json");
    }
  }
}
