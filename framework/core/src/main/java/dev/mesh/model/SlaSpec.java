package dev.mesh.model;

import dev.mesh.quality.Rule;
import java.util.List;

/** A product's service levels: quality rules checked before publication, and freshness. */
public record SlaSpec(List<Rule> rules, FreshnessSpec freshness) {
  public SlaSpec {
    rules = List.copyOf(rules);
  }

  public static SlaSpec none() {
    return new SlaSpec(List.of(), FreshnessSpec.none());
  }
}
