package dev.mesh.model;

/**
 * One column of a product's schema contract.
 *
 * @param type a Spark SQL type as DDL, e.g. {@code string}, {@code decimal(18,2)}
 * @param pii whether the column holds personal data (governance decides how it is handled)
 * @param piiHandling how the column reaches readers outside the owning domain; null when not declared
 */
public record ColumnSpec(
    String name, String type, boolean nullable, String description, boolean pii, PiiHandling piiHandling) {

  /** A column without declared PII handling. */
  public ColumnSpec(String name, String type, boolean nullable, String description, boolean pii) {
    this(name, type, nullable, description, pii, null);
  }

  /** A PII column whose handling for outside readers is not declared. */
  public boolean unhandledPii() {
    return pii && piiHandling == null;
  }
}
