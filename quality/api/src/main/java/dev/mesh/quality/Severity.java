package dev.mesh.quality;

/** What a failed rule does to the run: {@code ERROR} blocks publication, {@code WARN} is recorded and published anyway. */
public enum Severity {
  ERROR,
  WARN;

  /** The lower-case name used in configuration and in the {@code mesh.quality} table. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
