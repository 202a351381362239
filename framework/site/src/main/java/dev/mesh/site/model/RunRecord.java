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
    String error) {

  /** Newest first: by end time, then start time, then run id (so equal times still sort the same every build). */
  public static final java.util.Comparator<RunRecord> NEWEST_FIRST =
      java.util.Comparator.comparing(RunRecord::endedAt, java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
          .thenComparing(RunRecord::startedAt, java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
          .thenComparing(RunRecord::runId)
          .reversed();

  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
