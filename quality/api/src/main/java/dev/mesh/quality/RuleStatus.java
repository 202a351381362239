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

  /** The status of a judged rule: {@code PASSED} when it held, else {@code WARNED} or {@code FAILED} by severity. */
  public static RuleStatus judged(boolean held, Severity severity) {
    if (held) {
      return PASSED;
    }
    return severity == Severity.WARN ? WARNED : FAILED;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
