package dev.mesh.governance;

import dev.mesh.model.Origin;
import dev.mesh.model.ProductId;
import dev.mesh.quality.Severity;

/**
 * A product breaking a policy: a value, reported by {@code mesh validate} and enforced before a run.
 *
 * @param origin the file and line of the declaration to change
 * @param fix how to comply
 */
public record Violation(
    String policy, Severity severity, ProductId product, Origin origin, String message, String fix) {

  public boolean blocking() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return origin + ": " + severity.label() + " [" + policy + "] " + product + ": " + message + ". Fix: " + fix;
  }
}
