package dev.mesh.quality;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs an action starts: how many scans a verification really costs. */
public final class JobCounter extends SparkListener {
  private final AtomicInteger jobs = new AtomicInteger();

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  /** The number of jobs {@code action} started. */
  public static int count(SparkSession spark, Runnable action) {
    JobCounter counter = new JobCounter();
    // listener events arrive asynchronously: drain the bus before adding and before reading
    drain(spark);
    spark.sparkContext().addSparkListener(counter);
    try {
      action.run();
      drain(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return counter.jobs.get();
  }

  private static void drain(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain within 10 s", e);
    }
  }
}
