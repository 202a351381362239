package dev.mesh.governance;

import dev.mesh.model.ProductDescriptor;
import java.util.List;

/**
 * One rule every data product must follow. A policy checks a descriptor in the context of the whole mesh and
 * returns what is wrong as values; it never throws for a violation.
 */
public interface Policy {
  /** The policy id, as written in {@code conf/governance.conf}. */
  String id();

  List<Violation> check(ProductDescriptor product, GovernanceContext mesh);
}
