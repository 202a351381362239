package dev.mesh.governance;

import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Evaluates every policy against products: for {@code mesh validate} and before each run. */
public final class Governance {
  private final PolicySet policies;

  public Governance(PolicySet policies) {
    this.policies = policies;
  }

  /** Every violation of one product: its domain's policies, then the built-in ones. */
  public List<Violation> check(ProductDescriptor product, GovernanceContext mesh) {
    List<Violation> out = new ArrayList<>();
    for (PolicySpec spec : policies.forDomain(product.domain())) {
      out.addAll(Policies.create(spec).check(product, mesh));
    }
    for (Policy p : BuiltInPolicies.all()) {
      out.addAll(p.check(product, mesh));
    }
    return out;
  }

  /** Every violation of every product, errors first, then by product. */
  public List<Violation> checkAll(Collection<ProductDescriptor> products, GovernanceContext mesh) {
    List<Violation> out = new ArrayList<>();
    for (ProductDescriptor p : products) {
      out.addAll(check(p, mesh));
    }
    out.sort(
        Comparator.comparing((Violation v) -> !v.blocking())
            .thenComparing(v -> v.product().toString())
            .thenComparing(Violation::policy));
    return out;
  }

  /**
   * The governance verdict of one product: refuses it (a {@link dev.mesh.errors.PolicyRefusedException}) when it
   * breaks an {@code error} policy; otherwise returns the warnings, which do not stop it.
   */
  public List<Violation> enforce(ProductDescriptor product, GovernanceContext mesh) {
    List<Violation> all = check(product, mesh);
    List<Violation> errors = all.stream().filter(Violation::blocking).toList();
    if (!errors.isEmpty()) {
      throw MeshErrors.governanceRefused(product.id(), errors.stream().map(Violation::toString).toList());
    }
    return all;
  }
}
