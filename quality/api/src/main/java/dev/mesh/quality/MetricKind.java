package dev.mesh.quality;

/** Metrics an {@link Rule.Anomaly} rule can watch over a product's run history. */
public enum MetricKind {
  ROW_COUNT(false),
  COMPLETENESS(true),
  MEAN(true),
  MIN(true),
  MAX(true),
  SUM(true),
  /** Exact number of distinct values: costs its own grouping pass over the data. */
  DISTINCT_COUNT(true),
  /** Approximate (HyperLogLog) number of distinct values: computed in the shared scan. */
  APPROX_DISTINCT_COUNT(true);

  private final boolean needsColumn;

  MetricKind(boolean needsColumn) {
    this.needsColumn = needsColumn;
  }

  /** Whether the metric is computed over one column (all but the row count). */
  public boolean needsColumn() {
    return needsColumn;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
