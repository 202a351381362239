package dev.mesh.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs an action starts, for tests of what must be answered without one. */
public final class SparkJobs {
  /** The local property Spark keeps a thread's job group in (SparkContext.SPARK_JOB_GROUP_ID, private to Spark). */
  private static final String JOB_GROUP = "spark.jobGroup.id";

  private SparkJobs() {}

  /**
   * The Spark jobs {@code action} started: those of its job group, which Spark sets on the calling thread and on every
   * thread it starts. A job of another thread of the JVM (an earlier test's work finishing in the background) is not
   * counted; it is named on standard error. Listener events are asynchronous: the bus is drained around the action.
   */
  public static int startedBy(SparkSession spark, Runnable action) {
    SparkContext sc = spark.sparkContext();
    String group = "mesh-test-" + UUID.randomUUID();
    AtomicInteger started = new AtomicInteger();
    List<String> others = new CopyOnWriteArrayList<>();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            String jobGroup = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_GROUP);
            if (group.equals(jobGroup)) {
              started.incrementAndGet();
            } else {
              others.add("job " + jobStart.jobId() + " of group " + jobGroup + " at "
                  + (jobStart.properties() == null ? "?" : jobStart.properties().getProperty("callSite.short")));
            }
          }
        };
    String previous = sc.getLocalProperty(JOB_GROUP);
    String previousDescription = sc.getLocalProperty("spark.job.description");
    try {
      sc.listenerBus().waitUntilEmpty(10_000);
      sc.addSparkListener(counter);
      sc.setJobGroup(group, "counted by SparkJobs", false);
      action.run();
      sc.listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain within 10 s", e);
    } finally {
      sc.clearJobGroup();
      if (previous != null) {
        sc.setJobGroup(previous, previousDescription, false);
      }
      sc.removeSparkListener(counter);
    }
    others.forEach(o -> System.err.println("SparkJobs: not counted, started by another thread: " + o));
    return started.get();
  }
}
