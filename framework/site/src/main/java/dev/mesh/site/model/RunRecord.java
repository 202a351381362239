package dev.mesh.site.model;

import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code mesh.runs}, as the site shows it. */
public record RunRecord(
    String runId,
    String product,
    String productVersion,
    LocalDate logicalDate,
    String status,
    Instant startedAt,
    Instant endedAt,
    Long durationMs,
    Long rowsWritten,
    Long tableVersion,
    String qualitySummary,
    String error,
    String restoredRun) {

  /** Newest first: by end time, then start time, then run id (so equal times still sort the same every build). */
  public static final java.util.Comparator<RunRecord> NEWEST_FIRST =
      java.util.Comparator.comparing(RunRecord::endedAt, java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
          .thenComparing(RunRecord::startedAt, java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
          .thenComparing(RunRecord::runId)
          .reversed();

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  /** Whether {@code mesh rollback} made an earlier run's rows current again ({@link #restoredRun}). */
  public boolean rolledBack() {
    return dev.mesh.catalog.Publications.ROLLED_BACK.equals(status);
  }

  /** Whether this row is a run's (or a rollback's), not a hold's or a release's ({@code mesh hold}, {@code mesh release}). */
  public boolean isRun() {
    return !dev.mesh.catalog.Holds.isHoldOrRelease(status);
  }

  /** This run as an entry of its product's publication line. */
  public dev.mesh.catalog.Publications.Entry entry() {
    return new dev.mesh.catalog.Publications.Entry(runId, status, logicalDate, startedAt, endedAt, tableVersion, restoredRun);
  }

  /**
   * What readers of the product read now, among {@code runs} (one product's): the last success, or the run a rollback
   * made current again, with the version that holds its rows now; null when none of them published.
   */
  public static dev.mesh.catalog.Publications.Publication published(java.util.List<RunRecord> runs) {
    return dev.mesh.catalog.Publications.current(runs.stream().map(RunRecord::entry).toList()).orElse(null);
  }
}
