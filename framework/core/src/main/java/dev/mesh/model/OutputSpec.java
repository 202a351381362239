package dev.mesh.model;

import java.time.Duration;
import java.util.List;

/**
 * Where and how a product is written.
 *
 * @param partitionedBy partition columns (identity partitioning), possibly empty
 * @param mergeKeys the keys of {@link WriteMode#MERGE}; empty for other modes
 * @param retention how long superseded versions stay readable ({@code output.retention}), or null for the platform's
 *     {@code mesh.storage.retention}
 */
public record OutputSpec(
    TableFormat format, WriteMode mode, List<String> partitionedBy, List<String> mergeKeys, Duration retention) {
  public OutputSpec {
    partitionedBy = List.copyOf(partitionedBy);
    mergeKeys = List.copyOf(mergeKeys);
  }

  /** An output with the platform's retention. */
  public OutputSpec(TableFormat format, WriteMode mode, List<String> partitionedBy, List<String> mergeKeys) {
    this(format, mode, partitionedBy, mergeKeys, null);
  }
}
