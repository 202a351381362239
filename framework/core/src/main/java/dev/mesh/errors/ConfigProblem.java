package dev.mesh.errors;

import dev.mesh.model.Origin;

/** One mistake in a configuration file: where, which key, and what is wrong. */
public record ConfigProblem(Origin origin, String key, String message) {
  @Override
  public String toString() {
    return origin + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message;
  }
}
