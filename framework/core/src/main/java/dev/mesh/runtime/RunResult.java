package dev.mesh.runtime;

import dev.mesh.model.ProductId;
import dev.mesh.quality.QualityReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The outcome of one run of one product.
 *
 * @param tableVersion the version (Delta) or snapshot id (Iceberg) published; null when nothing was published
 * @param error what went wrong, or null
 * @param timingsMs milliseconds spent per stage (plan, read, transform, contract, quality, write, record)
 */
public record RunResult(
    String runId,
    ProductId product,
    LocalDate logicalDate,
    RunStatus status,
    Instant startedAt,
    Instant endedAt,
    long rowsWritten,
    Long tableVersion,
    QualityReport quality,
    String error,
    Map<String, Long> timingsMs) {

  public RunResult {
    timingsMs = Map.copyOf(timingsMs);
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }
}
