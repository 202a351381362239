package dev.mesh.model;

import java.util.Locale;

/** How a personal-data column reaches readers outside its owning domain. */
public enum PiiHandling {
  /** Replaced by a fixed mask ({@code ***}). */
  MASK,
  /** Replaced by its SHA-256 hex digest: joinable, not readable. */
  HASH,
  /** Removed from the reader's view. */
  DROP;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code mask}, {@code hash} or {@code drop}; null when unknown. */
  public static PiiHandling fromLabel(String label) {
    for (PiiHandling h : values()) {
      if (h.label().equals(label)) {
        return h;
      }
    }
    return null;
  }
}
