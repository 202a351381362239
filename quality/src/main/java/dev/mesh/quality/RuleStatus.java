package dev.mesh.quality;

/** The outcome of one rule in one run. */
public enum RuleStatus {
  /** The rule held. */
  PASSED,
  /** A {@code warn} rule failed: recorded, publication goes on. */
  WARNED,
  /** An {@code error} rule failed: publication is blocked. */
  FAILED,
  /** An {@code error} row-level rule with {@code on-failure = quarantine} failed: its rows went to quarantine. */
  QUARANTINED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
