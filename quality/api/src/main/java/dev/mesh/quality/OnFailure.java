package dev.mesh.quality;

/**
 * What an {@link Severity#ERROR} failure of a row-level rule does: block the whole publication, or move the
 * failing rows to the product's quarantine table and publish the rest.
 */
public enum OnFailure {
  BLOCK,
  QUARANTINE
}
