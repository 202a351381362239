package dev.mesh.model;

import java.util.Locale;

/** The open table format a product is materialized in. */
public enum TableFormat {
  DELTA,
  ICEBERG;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
