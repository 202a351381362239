package dev.mesh.runtime;

import dev.mesh.model.ProductId;
import dev.mesh.quality.QualityReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run of one product.
 *
 * @param tableVersion the version (Delta) or snapshot id (Iceberg) published; null when nothing was published
 * @param error what went wrong, or null
 * @param timingsMs milliseconds spent per stage (plan, read, transform, contract, quality, write, record)
 * @param warnings what the run was warned about (governance warnings of its plan, e.g. a deprecated input), as
 *     printed and recorded in {@code mesh.runs.warnings}
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
    Map<String, Long> timingsMs,
    List<String> warnings) {

  public RunResult {
    timingsMs = Map.copyOf(timingsMs);
    warnings = List.copyOf(warnings);
  }

  /** A result without warnings. */
  public RunResult(
      String runId, ProductId product, LocalDate logicalDate, RunStatus status, Instant startedAt, Instant endedAt,
      long rowsWritten, Long tableVersion, QualityReport quality, String error, Map<String, Long> timingsMs) {
    this(runId, product, logicalDate, status, startedAt, endedAt, rowsWritten, tableVersion, quality, error, timingsMs, List.of());
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** Whether this is a failure drill's outcome ({@code mesh run --fail}): recorded as such in {@code mesh.runs.drill}. */
  public boolean drill() {
    return error != null && error.startsWith(MeshRunner.DRILL);
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }
}
