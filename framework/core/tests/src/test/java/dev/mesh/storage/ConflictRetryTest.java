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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real commit conflict: a MERGE whose transaction is open (its source is being computed) while another MERGE
 * commits to the same table loses with Delta's ConcurrentAppendException or Iceberg's conflict validation; the store
 * tries it again, and the second attempt commits, returning its own version.
 */
class ConflictRetryTest {
  /** Counted down by the slow merge's source once its transaction is open; it then waits for {@link #RELEASE}. */
  private static volatile CountDownLatch entered;

  private static volatile CountDownLatch release;

  @TempDir Path home;

  private static final UserDefinedFunction WAIT =
      functions.udf(
              (UDF1<Long, Long>)
                  id -> {
                    entered.countDown();
                    if (!release.await(120, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("never released");
                    }
                    return id;
                  },
              DataTypes.LongType)
          .asNonNullable();

  private static Dataset<Row> rows(SparkSession s, long from, long to) {
    return s.range(from, to).selectExpr("id", "id * 10 as value");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aMergeThatLostToAConcurrentCommitIsTriedAgainAndReturnsItsOwnVersion(TableFormat format) throws Exception {
    MeshContext ctx = new TestMesh(home).context();
    TableStore store = ctx.tables().forFormat(format);
    ProductId id = ProductId.parse("conflict_" + format.label() + ".merged");
    OutputSpec merge = new OutputSpec(format, WriteMode.MERGE, List.of(), List.of("id"));
    long created = store.write(id, rows(ctx.spark(), 0, 3), merge);
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    List<Long> waits = new CopyOnWriteArrayList<>();
    CommitRetry recording = new CommitRetry(3, Duration.ofMillis(10), waits::add);

    CompletableFuture<Long> slow =
        CompletableFuture.supplyAsync(
            () -> {
              SparkSession own = TestSpark.session().newSession();
              SparkSession.setActiveSession(own);
              // One partition: one task waits, the other core is free for the other writer (local[2]).
              Dataset<Row> source =
                  own.range(10, 12, 1, 1).selectExpr("id", "id * 10 as value")
                      .select(WAIT.apply(functions.col("id")).as("id"), functions.col("value"));
              return store.write(id, source, merge, recording);
            });
    assertThat(entered.await(120, TimeUnit.SECONDS)).as("the slow merge started computing its source").isTrue();
    long fast = store.write(id, rows(ctx.spark(), 3, 5), merge);
    release.countDown();
    long retried = slow.get(180, TimeUnit.SECONDS);

    assertThat(waits).as("one conflict, one wait, then a commit").hasSize(1);
    assertThat(retried).isNotIn(created, fast).isEqualTo(store.currentVersion(id).orElseThrow());
    // Both merges are in the table: the retry merged into what the other writer had committed.
    assertThat(store.read(ctx.spark(), id, retried).count()).isEqualTo(7);
    assertThat(store.read(ctx.spark(), id, fast).count()).isEqualTo(5);
    if (format == TableFormat.DELTA) {
      // The committed attempt read the other writer's version: it was tried again, not merely reconciled.
      Row commit =
          io.delta.tables.DeltaTable.forPath(ctx.spark(), store.location(id)).history()
              .where("version = " + retried).select("readVersion").head();
      assertThat(commit.getLong(0)).isEqualTo(fast);
    }
  }
}
