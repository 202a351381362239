package dev.mesh.lineage;

import java.util.Locale;

/**
 * One input column an output column depends on.
 *
 * @param outputColumn the product's column
 * @param inputAlias the input (its alias in the product's declaration)
 * @param inputColumn the input's column
 * @param kind {@code DIRECT} when values flow from the input column, {@code INDIRECT} when it only decides which rows
 *     there are or which branch computes the value
 * @param subtype OpenLineage's transformation subtype: IDENTITY, TRANSFORMATION, AGGREGATION for direct; FILTER,
 *     JOIN, GROUP_BY, SORT, WINDOW, CONDITIONAL for indirect
 */
public record ColumnLineage(String outputColumn, String inputAlias, String inputColumn, Kind kind, String subtype) {

  /** How an input column reaches an output column. */
  public enum Kind {
    DIRECT,
    INDIRECT;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
