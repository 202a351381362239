package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one retry policy of the storage layer, without Spark: what it retries, how often, how long, what it says. */
class CommitRetryTest {
  private final List<Long> sleeps = new ArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final CommitRetry retry = new CommitRetry(3, Duration.ofMillis(100), sleeps::add);

  private static RuntimeException deltaConflict() {
    return new io.delta.exceptions.ConcurrentAppendException(
        "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added to the root of the table by a concurrent update. Please try the operation again.\nConflicting commit: {...}");
  }

  @Test
  void aConflictOnEveryAttemptIsTriedThreeTimesThenSaidInOneLine() {
    assertThatThrownBy(
            () ->
                retry.run(
                    "publish sales.orders",
                    "the previous version stays published",
                    () -> {
                      attempts.incrementAndGet();
                      throw deltaConflict();
                    }))
        .isInstanceOf(MeshException.class)
        .hasMessage(
            "Cannot publish sales.orders: another writer committed to the table at the same time"
                + " (ConcurrentAppendException) 3 times; the previous version stays published. Run it again.")
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.FAILED))
        // The last conflict is kept for a debugger, not as the cause: MeshErrors.rootMessage stays this one line.
        .satisfies(e -> assertThat(e.getCause()).isNull())
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(io.delta.exceptions.ConcurrentAppendException.class));
    assertThat(attempts).hasValue(3);
    // Exponential backoff with jitter: 100 ms + [0, 100], then 200 ms + [0, 100]; no wait after the last attempt.
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(100L, 200L);
    assertThat(sleeps.get(1)).isBetween(200L, 300L);
  }

  @Test
  void aConflictThenASuccessReturnsWhatTheSecondAttemptCommitted() {
    long version =
        retry.run(
            "publish x.y",
            "the previous version stays published",
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new CommitFailedException("Version 3 already exists: %s", "v3.metadata.json");
              }
              return 42L;
            });

    assertThat(version).isEqualTo(42L);
    assertThat(attempts).hasValue(2);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void somethingElseThanAConflictIsThrownAtOnceAsItIs() {
    IllegalStateException bug = new IllegalStateException("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE");

    assertThatThrownBy(
            () ->
                retry.run(
                    "publish x.y",
                    "the previous version stays published",
                    () -> {
                      attempts.incrementAndGet();
                      throw bug;
                    }))
        .isSameAs(bug)
        .hasMessage("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE");
    assertThat(attempts).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void whatCountsAsAConflict() {
    // Spark wraps what a job raised: the conflict is found anywhere in the chain.
    assertThat(CommitRetry.conflictIn(new SparkException("Job aborted", deltaConflict()))).isPresent();
    assertThat(CommitRetry.conflictIn(new io.delta.exceptions.ProtocolChangedException("The protocol version changed"))).isPresent();
    assertThat(CommitRetry.conflictIn(new io.delta.exceptions.MetadataChangedException("The metadata changed"))).isPresent();
    assertThat(CommitRetry.conflictIn(new CommitFailedException("Version %d already exists", 3))).isPresent();
    assertThat(CommitRetry.conflictIn(new ValidationException("Found conflicting files that can contain records matching %s", "true")))
        .isPresent();
    assertThat(CommitRetry.conflictIn(new java.nio.file.FileAlreadyExistsException("_delta_log/00000000000000000000.json")))
        .isPresent();
    // Not conflicts: another validation error, a commit that may have succeeded, a JDK collection bug.
    assertThat(CommitRetry.conflictIn(new ValidationException("Cannot find field 'x' in struct"))).isEmpty();
    assertThat(CommitRetry.conflictIn(new CommitStateUnknownException(new java.io.IOException("timeout")))).isEmpty();
    assertThat(CommitRetry.conflictIn(new java.util.ConcurrentModificationException())).isEmpty();
  }

  @Test
  void onceTriesOnceAndSaysSoWithoutACount() {
    assertThatThrownBy(
            () ->
                CommitRetry.ONCE.run(
                    "publish customers.profile_history",
                    "the previous version stays published",
                    () -> {
                      attempts.incrementAndGet();
                      throw deltaConflict();
                    }))
        .hasMessage(
            "Cannot publish customers.profile_history: another writer committed to the table at the same time"
                + " (ConcurrentAppendException); the previous version stays published. Run it again.");
    assertThat(attempts).hasValue(1);
  }
}
