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
    for (String message : problems(product, mesh)) {
      out.add(new Violation(spec.id(), spec.severity(), product.id(), product.origin(), message, spec.fix()));
    }
    return out;
  }

  /** What is wrong with the product, one message per problem; empty when it complies. */
  abstract List<String> problems(ProductDescriptor product, GovernanceContext mesh);
}
