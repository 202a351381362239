package dev.mesh.model;

import java.util.Locale;

/** Who may read a data product. */
public enum Visibility {
  /** Every domain. */
  PUBLIC,
  /** The owning domain and the domains the product lists as {@code consumers}. */
  INTERNAL,
  /** The owning domain only. */
  PRIVATE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code public}, {@code internal} or {@code private}; null when unknown. */
  public static Visibility fromLabel(String label) {
    for (Visibility v : values()) {
      if (v.label().equals(label)) {
        return v;
      }
    }
    return null;
  }
}
