package dev.mesh.model;

import java.time.Duration;
import java.util.List;

/**
 * Freshness SLAs.
 *
 * @param maxAge the product's own: the longest acceptable time since its last successful run; null if none
 * @param inputs per-input freshness: the newest value of a timestamp or date column must be this recent
 */
public record FreshnessSpec(Duration maxAge, List<InputFreshness> inputs) {
  public FreshnessSpec {
    inputs = List.copyOf(inputs);
  }

  public static FreshnessSpec none() {
    return new FreshnessSpec(null, List.of());
  }

  /**
   * The newest value of {@code column} in input {@code alias} must be within {@code maxAge} of the logical date's
   * end.
   */
  public record InputFreshness(String alias, String column, Duration maxAge) {}
}
