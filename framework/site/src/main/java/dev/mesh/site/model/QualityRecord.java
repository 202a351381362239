package dev.mesh.site.model;

import java.time.Instant;
import java.time.LocalDate;

/** One rule outcome of one run, a row of {@code mesh.quality}. */
public record QualityRecord(
    String runId,
    String product,
    LocalDate logicalDate,
    String rule,
    String kind,
    String metric,
    Double value,
    String threshold,
    String severity,
    String status,
    String message,
    Instant recordedAt) {

  /** Oldest first: by record time, then logical date, then rule and run id. */
  public static final java.util.Comparator<QualityRecord> OLDEST_FIRST =
      java.util.Comparator.comparing(QualityRecord::recordedAt, java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
          .thenComparing(QualityRecord::logicalDate, java.util.Comparator.nullsFirst(java.util.Comparator.<LocalDate>naturalOrder()))
          .thenComparing(QualityRecord::rule)
          .thenComparing(QualityRecord::runId);

  public boolean failed() {
    return "failed".equals(status);
  }
}
