package dev.mesh.model;

/**
 * One column of a product's schema contract.
 *
 * @param type a Spark SQL type as DDL, e.g. {@code string}, {@code decimal(18,2)}
 * @param pii whether the column holds personal data (governance decides how it is handled)
 */
public record ColumnSpec(String name, String type, boolean nullable, String description, boolean pii) {}
