package dev.mesh.storage;

import dev.mesh.errors.MeshErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Tries a commit again when it lost a race with another writer of the same table, a bounded number of times with
 * exponential backoff and jitter. A commit that failed on a conflict committed nothing (Delta and Iceberg check for
 * conflicts before making a commit visible), so trying it again is safe; anything else is thrown at once. When every
 * attempt conflicted, the error is one line saying so ({@link MeshErrors#commitConflicts}).
 *
 * <p>The one retry policy of the storage layer: product writes ({@link #PRODUCTS}) and the catalog's appends
 * ({@link #CATALOG}) use it.
 */
public final class CommitRetry {
  /** Product writes: 3 attempts, about 0.2 s then 0.4 s apart (plus up to 0.2 s of jitter). */
  public static final CommitRetry PRODUCTS = new CommitRetry(3, Duration.ofMillis(200), Thread::sleep);

  /** No second attempt: for data computed from the table's own previous version (see {@link TableStore#write}). */
  public static final CommitRetry ONCE = new CommitRetry(1, Duration.ZERO, Thread::sleep);

  /** Catalog appends (blind, so a conflict is rare: creating a table, a concurrent compaction): 8 attempts from 50 ms. */
  public static final CommitRetry CATALOG = new CommitRetry(8, Duration.ofMillis(50), Thread::sleep);

  /** How the wait between two attempts is spent (tests record it instead of sleeping). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final int attempts;
  private final long backoffMs;
  private final Sleeper sleeper;

  CommitRetry(int attempts, Duration backoff, Sleeper sleeper) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.attempts = attempts;
    this.backoffMs = backoff.toMillis();
    this.sleeper = sleeper;
  }

  public int attempts() {
    return attempts;
  }

  /**
   * Runs {@code commit}, again after a conflict, up to {@link #attempts()} times in all.
   *
   * @param action what is committed, for the error: {@code "publish sales.orders"}, {@code "append to mesh.runs"}
   * @param unchanged what stays as it was when every attempt conflicted, e.g. {@code "the previous version stays
   *     published"}
   * @return what {@code commit} returned
   * @throws dev.mesh.errors.MeshException when every attempt conflicted (one line; the last conflict is attached as
   *     suppressed, for a debugger, not for the message)
   */
  public <T> T run(String action, String unchanged, Supplier<T> commit) {
    Exception last = null;
    Throwable conflict = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return commit.get();
      } catch (Exception e) {
        // Spark's checked SparkException arrives undeclared from Scala code: look at every exception.
        Optional<Throwable> c = conflictIn(e);
        if (c.isEmpty()) {
          throw e;
        }
        last = e;
        conflict = c.get();
      }
      if (attempt < attempts) {
        try {
          sleeper.sleep(backoffMs * (1L << (attempt - 1)) + ThreadLocalRandom.current().nextLong(backoffMs + 1));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    var error = MeshErrors.commitConflicts(action, conflict.getClass().getSimpleName(), attempts, unchanged);
    error.addSuppressed(last);
    throw error;
  }

  /**
   * The conflict in a failure chain, if it is one: a write that lost to a concurrent commit and committed nothing —
   * Delta's {@code ConcurrentModificationException} family ({@code ConcurrentAppendException},
   * {@code ConcurrentDeleteReadException}, {@code ProtocolChangedException}, {@code MetadataChangedException}, ...),
   * a log or metadata file or a table another writer created first (a write creates the table only after seeing it
   * missing), Iceberg's {@code CommitFailedException}, and Iceberg's
   * validation of concurrently added or deleted files ({@code ValidationException: Found conflicting files ...}).
   * Not Iceberg's {@code CommitStateUnknownException}: that commit may have succeeded.
   */
  public static Optional<Throwable> conflictIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.apache.spark.sql.delta.DeltaConcurrentModificationException
          || t instanceof org.apache.iceberg.exceptions.CommitFailedException
          || t instanceof java.nio.file.FileAlreadyExistsException
          || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException
          || t instanceof org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException
          || t instanceof org.apache.iceberg.exceptions.AlreadyExistsException
          || (t instanceof org.apache.iceberg.exceptions.ValidationException && isConcurrentChange(t.getMessage()))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Iceberg's conflict validations (MergingSnapshotProducer), as opposed to its other validation errors. */
  private static boolean isConcurrentChange(String message) {
    return message != null
        && (message.startsWith("Found conflicting")
            || message.startsWith("Found new conflicting")
            || message.startsWith("Missing required files to delete"));
  }
}
