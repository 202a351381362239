package dev.mesh.runtime;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;

/**
 * A request to stop the runs of this process (SIGTERM from an orchestrator or a scheduler's timeout, Ctrl-C). Runs
 * not started are not started ({@link MeshRunner}); a run under way that has not begun to publish is stopped (its
 * Spark jobs cancelled, its thread interrupted, or at its next stage) and recorded failed with the reason, its table
 * unchanged; a run that has begun to publish finishes, so that no commit is cut short and every published version is
 * recorded as such.
 *
 * <p>A run registers itself when it starts ({@link #enter}), leaves the cancellable part when it begins to publish
 * ({@link #publish}) and leaves for good when its table work is done ({@link #leave}); all three and {@link #cancel}
 * hold one lock, so a run is either stopped before it publishes or not stopped at all.
 */
public final class Cancellation {
  private final Map<String, Registered> runs = new HashMap<>();
  private volatile String reason;

  private record Registered(Thread thread, SparkContext spark) {}

  /** Stops what can be stopped; later calls keep the first reason. */
  public synchronized void cancel(String why) {
    if (reason != null) {
      return;
    }
    reason = why;
    for (Map.Entry<String, Registered> run : runs.entrySet()) {
      run.getValue().spark().cancelJobGroup(run.getKey());
      run.getValue().thread().interrupt();
    }
  }

  /** Why the runs were asked to stop, if they were. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** A run starts on the current thread, its Spark jobs in job group {@code runId}. Throws if already cancelled. */
  synchronized void enter(String runId, SparkContext spark) {
    check();
    runs.put(runId, new Registered(Thread.currentThread(), spark));
  }

  /** Between two stages: throws if the runs were asked to stop. */
  void check() {
    if (reason != null) {
      throw cancelled();
    }
  }

  /** The run begins to publish: from here on it is not stopped. Throws if it was asked to stop before. */
  synchronized void publish(String runId) {
    check();
    runs.remove(runId);
  }

  /**
   * The run's table work is done (published or not): it is no longer stopped, and an interrupt sent to stop it is
   * cleared, so that recording it in the catalog is not cut short.
   */
  synchronized void leave(String runId) {
    runs.remove(runId);
    Thread.interrupted();
  }

  /** The error a run stopped by this request ends with. */
  MeshException cancelled() {
    return new MeshException(
        ErrorKind.FAILED,
        "Cancelled: " + reason + "; the run stopped before publishing, so its table is unchanged.");
  }
}
