package dev.mesh.model;

import java.util.List;

/**
 * Where and how a product is written.
 *
 * @param partitionedBy partition columns (identity partitioning), possibly empty
 * @param mergeKeys the keys of {@link WriteMode#MERGE}; empty for other modes
 */
public record OutputSpec(TableFormat format, WriteMode mode, List<String> partitionedBy, List<String> mergeKeys) {
  public OutputSpec {
    partitionedBy = List.copyOf(partitionedBy);
    mergeKeys = List.copyOf(mergeKeys);
  }
}
