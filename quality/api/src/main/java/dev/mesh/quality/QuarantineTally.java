package dev.mesh.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many rows of a marked candidate failed the quarantining rules.
 *
 * @param totalRows rows of the candidate
 * @param quarantinedRows rows that fail at least one quarantining rule
 * @param rowsByRule in declaration order, for each quarantining rule, the rows that fail it (a row failing two rules counts for both)
 */
public record QuarantineTally(long totalRows, long quarantinedRows, Map<String, Long> rowsByRule) {
  public QuarantineTally {
    // in the rules' declaration order, as reports list them
    rowsByRule = Collections.unmodifiableMap(new LinkedHashMap<>(rowsByRule));
  }

  public long rows(String rule) {
    return rowsByRule.getOrDefault(rule, 0L);
  }
}
