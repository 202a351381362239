package dev.mesh.testing;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Java transforms used by tests, each deterministic in the logical date. */
public final class Transforms {
  private Transforms() {}

  public static final StructType NUMBERS =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("day", DataTypes.DateType, false)
          .add("value", DataTypes.LongType, false);

  /** Three rows with ids n, n+1, n+2 where n is the day of month; value = day of month * 10 + id. */
  public static final class Numbers implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      int n = ctx.logicalDate().getDayOfMonth();
      List<Row> rows = new ArrayList<>();
      for (long id = n; id < n + 3; id++) {
        rows.add(RowFactory.create(id, Date.valueOf(ctx.logicalDate()), n * 10L + id));
      }
      return ctx.spark().createDataFrame(rows, NUMBERS);
    }
  }

  /** Like {@link Numbers}, but on the 2nd of a month every row has id 1: duplicate merge keys make the write fail. */
  public static final class DuplicatesOnTheSecond implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      Dataset<Row> rows = new Numbers().apply(ctx);
      return ctx.logicalDate().getDayOfMonth() == 2 ? rows.withColumn("id", functions.lit(1L)) : rows;
    }
  }

  /** Like {@link Numbers}, but computing a row fails on the 2nd of a month (a bug met while reading the data). */
  public static final class FailsOnTheSecond implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      Dataset<Row> rows = new Numbers().apply(ctx);
      if (ctx.logicalDate().getDayOfMonth() != 2) {
        return rows;
      }
      return rows.withColumn(
          "value", functions.expr("CASE WHEN id > 2 THEN CAST(raise_error('bad source row') AS BIGINT) ELSE value END"));
    }
  }

  /** The system property naming the file {@link Gated} waits for. */
  public static final String GATE_PROPERTY = "dev.mesh.testing.gate";

  /** The system property naming the file {@link Gated} creates when it starts waiting. */
  public static final String REACHED_PROPERTY = "dev.mesh.testing.reached";

  /**
   * Like {@link Numbers}, but first waits (up to 4 minutes) until the file named by {@code -Ddev.mesh.testing.gate} exists:
   * a run a test holds open for as long as it needs, without guessing durations. No property, no wait. With
   * {@code -Ddev.mesh.testing.reached}, it creates that file first, so a test knows the run is in its transform.
   */
  public static final class Gated implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      String gate = System.getProperty(GATE_PROPERTY);
      String reached = System.getProperty(REACHED_PROPERTY);
      if (reached != null) {
        try {
          java.nio.file.Files.createFile(java.nio.file.Path.of(reached));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      if (gate != null) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(4);
        while (!java.nio.file.Files.exists(java.nio.file.Path.of(gate))) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the gate " + gate + " never opened");
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate " + gate, e);
          }
        }
      }
      return new Numbers().apply(ctx);
    }
  }

  /** Breaks the contract of {@link #NUMBERS}: {@code value} is a string and there is an extra column. */
  public static final class WrongShape implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      return new Numbers().apply(ctx).withColumn("value", functions.col("value").cast("string")).withColumn("extra", functions.lit(1));
    }
  }

  /** Reads its input {@code upstream} and doubles the value. */
  public static final class Doubler implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      return ctx.input("upstream").withColumn("value", functions.col("value").multiply(2));
    }
  }

  /** Always fails with "forced failure" (a product forced to fail in orchestration tests). */
  public static final class Throws implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      throw new IllegalStateException("forced failure of " + ctx.productId());
    }
  }

  /** The Spark scheduler pool each product's transform ran in, by product id (see {@link PoolRecorder}). */
  public static final java.util.Map<String, String> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Like {@link Numbers}, and records the FAIR scheduler pool of the thread it runs on in {@link #POOLS}. */
  public static final class PoolRecorder implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      String pool = ctx.spark().sparkContext().getLocalProperty("spark.scheduler.pool");
      POOLS.put(ctx.productId(), pool == null ? "<none>" : pool);
      return new Numbers().apply(ctx);
    }
  }

  /**
   * Joins inputs {@code a} and {@code b} on id, keeps positive right values, and sums per day: the Java twin
   * of the SQL {@code SELECT l.day, SUM(l.value + r.value) AS total, COUNT(l.id) AS n FROM a l JOIN b r ON
   * l.id = r.id WHERE r.value > 0 GROUP BY l.day}.
   */
  public static final class JoinSum implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      Dataset<Row> l = ctx.input("a");
      Dataset<Row> r = ctx.input("b");
      return l.join(r, l.col("id").equalTo(r.col("id")))
          .where(r.col("value").gt(0))
          .groupBy(l.col("day"))
          .agg(
              functions.sum(l.col("value").plus(r.col("value"))).as("total"),
              functions.count(l.col("id")).as("n"));
    }
  }
}
