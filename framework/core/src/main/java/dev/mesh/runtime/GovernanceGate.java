package dev.mesh.runtime;

import dev.mesh.governance.Governance;
import dev.mesh.governance.GovernanceContext;
import dev.mesh.model.ProductDescriptor;
import java.time.LocalDate;
import java.util.Map;

/** The plan-stage check: a product that breaks an {@code error} policy, or may not read an input, does not run. */
final class GovernanceGate {
  private final MeshContext ctx;
  private final Governance governance;

  GovernanceGate(MeshContext ctx) {
    this.ctx = ctx;
    this.governance = new Governance(ctx.config().governance());
  }

  /** Throws a {@link dev.mesh.errors.PolicyRefusedException} (exit 2) naming every blocking violation. */
  void check(ProductDescriptor product) {
    GovernanceContext mesh = new GovernanceContext(ctx.config().products(), LocalDate.now(ctx.clock()), Map.of());
    governance.enforce(product, mesh);
  }
}
