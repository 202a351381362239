package dev.mesh.model;

import java.util.Locale;

/** How a run's output replaces or extends the published table. Every mode commits atomically. */
public enum WriteMode {
  /** Replace the whole table. */
  OVERWRITE,
  /** Add the output's rows. */
  APPEND,
  /** Upsert on the declared keys: update matching rows, insert the others. */
  MERGE,
  /** Replace only the partitions present in the output (e.g. one logical date). */
  OVERWRITE_PARTITIONS;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code overwrite-partitions}; null when unknown. */
  public static WriteMode fromLabel(String label) {
    for (WriteMode m : values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    return null;
  }
}
