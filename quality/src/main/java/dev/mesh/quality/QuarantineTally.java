package dev.mesh.quality;

import java.util.Map;

/**
 * How many rows of a marked candidate failed the quarantining rules.
 *
 * @param totalRows rows of the candidate
 * @param quarantinedRows rows that fail at least one quarantining rule
 * @param rowsByRule for each quarantining rule, the rows that fail it (a row failing two rules counts for both)
 */
public record QuarantineTally(long totalRows, long quarantinedRows, Map<String, Long> rowsByRule) {
  public QuarantineTally {
    rowsByRule = Map.copyOf(rowsByRule);
  }

  public long rows(String rule) {
    return rowsByRule.getOrDefault(rule, 0L);
  }
}
