package dev.mesh.governance;

import dev.mesh.model.ProductDescriptor;
import java.util.ArrayList;
import java.util.List;

/** A policy configured by a {@link PolicySpec}: its violations carry the spec's id, severity and fix. */
abstract class DeclaredPolicy implements Policy {
  protected final PolicySpec spec;

  DeclaredPolicy(PolicySpec spec) {
    this.spec = spec;
  }

  @Override
  public String id() {
    return spec.id();
  }

  @Override
  public final List<Violation> check(ProductDescriptor product, GovernanceContext mesh) {
    List<Violation> out = new ArrayList<>();
    for (Problem p : problems(product, mesh)) {
      out.add(new Violation(spec.id(), spec.severity(), product.id(), product.originOf(p.key()), p.message(), spec.fix()));
    }
    return out;
  }

  /**
   * One thing wrong with a product, at the key it is about ({@code description}, {@code schema.email}): the violation
   * points at that key's line, or at the product's when the key is not declared (a missing owner).
   */
  record Problem(String key, String message) {}

  /** What is wrong with the product, one problem each; empty when it complies. */
  abstract List<Problem> problems(ProductDescriptor product, GovernanceContext mesh);
}
