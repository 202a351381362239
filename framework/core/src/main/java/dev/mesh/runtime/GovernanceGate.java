package dev.mesh.runtime;

import dev.mesh.governance.Governance;
import dev.mesh.governance.GovernanceContext;
import dev.mesh.governance.Violation;
import dev.mesh.model.ProductDescriptor;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The plan-stage check: a product that breaks an {@code error} policy, or may not read an input, does not run. */
final class GovernanceGate {
  private final MeshContext ctx;
  private final Governance governance;

  GovernanceGate(MeshContext ctx) {
    this.ctx = ctx;
    this.governance = new Governance(ctx.config().governance());
  }

  /**
   * Throws a {@link dev.mesh.errors.PolicyRefusedException} naming every blocking violation; returns the warnings.
   */
  List<Violation> check(ProductDescriptor product) {
    GovernanceContext mesh = new GovernanceContext(ctx.config().products(), LocalDate.now(ctx.clock()), Map.of());
    return governance.enforce(product, mesh);
  }
}
