package dev.mesh.runner;

import dev.mesh.runtime.Cancellation;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * While runs are under way, a stop request to the process (SIGTERM from an orchestrator or a timeout, Ctrl-C) cancels
 * them through a {@link Cancellation} and waits, up to {@link #GRACE_SECONDS}, for them to be recorded and for the
 * summary to be printed, before Spark stops its context. The JVM then exits with 128 + the signal (143 for SIGTERM,
 * 130 for Ctrl-C).
 *
 * <p>The hook is registered with Hadoop's shutdown hook manager, which runs hooks one after another by priority:
 * above Spark's own (priority 40, which stops the SparkContext), so the runs still have their session to stop and
 * record in. A plain JVM hook would run at the same time as Spark's.
 */
final class StopOnSignal implements AutoCloseable {
  /** What an orchestrator usually grants between SIGTERM and SIGKILL (Kubernetes: 30 s, Airflow: 60 s), less a margin. */
  static final int GRACE_SECONDS = 25;

  /** The reason the runs are given: the hook cannot tell which signal it was. */
  static final String REASON = "mesh was asked to stop by SIGTERM or Ctrl-C";

  private static final int PRIORITY = 100;

  private final CountDownLatch ended = new CountDownLatch(1);
  private final Runnable hook;

  private StopOnSignal(Cancellation cancellation, PrintStream err) {
    this.hook =
        () -> {
          cancellation.cancel(REASON);
          err.println();
          err.println(
              "mesh: stopping: runs under way stop before they publish and are recorded failed, runs not started do not"
                  + " start, a run already publishing finishes (waiting up to " + GRACE_SECONDS + " s).");
          try {
            if (!ended.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
              err.println("mesh: the runs did not end within " + GRACE_SECONDS + " s; stopping anyway.");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
  }

  /** Cancels {@code cancellation} if the process is asked to stop before {@link #close}. */
  static StopOnSignal install(Cancellation cancellation, PrintStream err) {
    StopOnSignal stop = new StopOnSignal(cancellation, err);
    // Hadoop's own limit on a hook, above the grace: the hook ends by itself.
    ShutdownHookManager.get().addShutdownHook(stop.hook, PRIORITY, GRACE_SECONDS + 5L, TimeUnit.SECONDS);
    return stop;
  }

  /** The runs have ended and everything about them is printed. */
  @Override
  public void close() {
    ended.countDown();
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The process is stopping: the hook has run or runs now, and returns at once (ended is counted down).
    }
  }
}
