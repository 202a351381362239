package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.WriteMode;
import dev.mesh.runtime.MeshContext;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write returns the version its own commit produced, not whatever is current after it. */
class CommitVersionTest {
  @TempDir Path home;

  private static Dataset<Row> rows(SparkSession s, int n) {
    return s.range(n).selectExpr("id", "id * 10 as value");
  }

  private static List<Long> concurrentAppends(TableStore store, ProductId id, int writers) throws Exception {
    SparkSession shared = TestSpark.session();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i + 1;
        Callable<Long> write =
            () -> {
              SparkSession own = shared.newSession();
              SparkSession.setActiveSession(own);
              return store.write(id, rows(own, n), new OutputSpec(store.format(), WriteMode.APPEND, List.of(), List.of()));
            };
        futures.add(pool.submit(write));
      }
      List<Long> versions = new ArrayList<>();
      for (Future<Long> f : futures) {
        versions.add(f.get());
      }
      return versions;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void concurrentDeltaAppendsEachGetTheirOwnVersion() throws Exception {
    MeshContext ctx = new TestMesh(home).context();
    TableStore delta = ctx.tables().forFormat(TableFormat.DELTA);
    ProductId id = ProductId.parse("commit.delta_appends");
    long first = delta.write(id, rows(ctx.spark(), 1), new OutputSpec(TableFormat.DELTA, WriteMode.APPEND, List.of(), List.of()));
    assertThat(first).isZero();

    List<Long> versions = concurrentAppends(delta, id, 3);

    // Each writer's version is its own commit's: three different versions, exactly the three commits after 0.
    assertThat(new TreeSet<>(versions)).containsExactly(1L, 2L, 3L);
    for (int i = 0; i < versions.size(); i++) {
      long rowsInCommit = delta.read(ctx.spark(), id, versions.get(i)).count() - delta.read(ctx.spark(), id, versions.get(i) - 1).count();
      assertThat(rowsInCommit).as("rows added by the commit writer %d was told about", i).isEqualTo(i + 1);
    }
  }

  @Test
  void concurrentIcebergAppendsEachGetTheirOwnSnapshot() throws Exception {
    MeshContext ctx = new TestMesh(home).context();
    TableStore iceberg = ctx.tables().forFormat(TableFormat.ICEBERG);
    ProductId id = ProductId.parse("commit.iceberg_appends");
    long created = iceberg.write(id, rows(ctx.spark(), 1), new OutputSpec(TableFormat.ICEBERG, WriteMode.APPEND, List.of(), List.of()));
    assertThat(iceberg.currentVersion(id)).contains(created);

    List<Long> snapshots = concurrentAppends(iceberg, id, 3);

    Set<Long> distinct = new TreeSet<>(snapshots);
    assertThat(distinct).hasSize(3).doesNotContain(created);
    org.apache.iceberg.Table table =
        org.apache.iceberg.spark.Spark3Util.loadIcebergTable(ctx.spark(), iceberg.qualifiedName(id).replace("`", ""));
    for (int i = 0; i < snapshots.size(); i++) {
      // The snapshot each writer was told about added exactly that writer's rows.
      assertThat(table.snapshot(snapshots.get(i)).summary().get("added-records")).as("writer %d", i).isEqualTo(String.valueOf(i + 1));
    }
  }
}
