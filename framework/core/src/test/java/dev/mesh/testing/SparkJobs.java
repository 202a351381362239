package dev.mesh.testing;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs an action starts, for tests of what must be answered without one. */
public final class SparkJobs {
  private SparkJobs() {}

  /** The Spark jobs {@code action} started (listener events are asynchronous: the bus is drained around it). */
  public static int startedBy(SparkSession spark, Runnable action) {
    AtomicInteger started = new AtomicInteger();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            started.incrementAndGet();
          }
        };
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      spark.sparkContext().addSparkListener(counter);
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain within 10 s", e);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return started.get();
  }
}
