package dev.mesh.runtime;

import dev.mesh.config.SqlLocator;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.Violation;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.PiiHandling;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformSpec;
import dev.mesh.quality.RowRules;
import dev.mesh.quality.Rule;
import dev.mesh.governance.OutputPorts;
import dev.mesh.storage.TableStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link RunPlan} before any data is read: the governance verdict, the inputs' versions (asked of the table
 * stores, which reads table metadata only), the transform found and loaded, the rules, the target. A product that
 * may not run fails here with the reason: refused by a policy, an input never published, a transform not found.
 */
public final class RunPlanner {
  private final MeshContext ctx;
  private final GovernanceGate governance;
  private final TransformRunner transforms = new TransformRunner();
  private final SqlLocator sqlLocator;

  public RunPlanner(MeshContext ctx) {
    this.ctx = ctx;
    this.governance = new GovernanceGate(ctx);
    this.sqlLocator = new SqlLocator(ctx.config().platform().home(), ctx.config().platform().sqlPath());
  }

  /** The plan of a run that starts now: every upstream product pinned at its current version. */
  public RunPlan plan(ProductDescriptor product, LocalDate logicalDate) {
    return plan(product, logicalDate, Set.of());
  }

  /**
   * The plan of a run that starts after {@code producedBefore} have run in the same invocation: those inputs are
   * {@link RunPlan.Input#pending() pending} (pinned when this product's turn comes), every other one pinned now.
   */
  public RunPlan plan(ProductDescriptor product, LocalDate logicalDate, Set<ProductId> producedBefore) {
    List<Violation> warnings = governance.check(product);
    requirePiiSecret(product);
    List<RunPlan.Input> inputs = new ArrayList<>();
    for (InputSpec in : product.inputs()) {
      if (in instanceof InputSpec.ProductInput p) {
        TableStore store = storeOf(p.product());
        ProductId stored = readBy(p.product(), product);
        String table = store.qualifiedName(stored);
        if (producedBefore.contains(p.product())) {
          inputs.add(new RunPlan.Input(p.alias(), p.product(), stored, null, table, Map.of(), true));
          continue;
        }
        long version =
            store.currentVersion(stored).orElseThrow(() -> MeshErrors.inputMissing(product.id(), p.alias(), p.product()));
        inputs.add(new RunPlan.Input(p.alias(), p.product(), stored, version, table, Map.of(), false));
      } else if (in instanceof InputSpec.SourceInput s) {
        if (ctx.sources().find(s.type()).isEmpty()) {
          throw MeshErrors.unknownSource(product.id(), s.alias(), s.type(), ctx.sources().types());
        }
        inputs.add(new RunPlan.Input(s.alias(), null, null, null, s.type(), ctx.sources().options(s.type(), s.options()), false));
      }
    }
    RunPlan.Transform transform = transform(product);
    List<Rule> rules = new ArrayList<>(ContractCheck.notNullRules(product.schema()));
    rules.addAll(product.sla().rules());
    Map<ProductId, Long> referenced = new LinkedHashMap<>();
    for (Rule r : rules) {
      if (r instanceof Rule.ReferentialIntegrity ri) {
        ProductId ref = ProductId.parse(ri.referenceProduct());
        // A rule that references one of the inputs reads it at the input's pinned version.
        Long pinned =
            inputs.stream().filter(i -> ref.equals(i.product()) && !i.pending()).map(RunPlan.Input::version).findFirst()
                .orElseGet(() -> storeOf(ref).currentVersion(readBy(ref, product)).orElse(null));
        if (pinned != null) {
          referenced.put(ref, pinned);
        }
      }
    }
    TableStore target = ctx.tables().forFormat(product.output().format());
    ProductId quarantine = RowRules.quarantining(rules).isEmpty() ? null : OutputPorts.quarantineOf(product.id());
    OutputPorts.Tables tables = OutputPorts.of(product);
    RunPlan.Target out =
        new RunPlan.Target(
            tables.internal(), product.output().format(), product.output().mode(), target.qualifiedName(tables.internal()),
            target.currentVersion(tables.internal()).orElse(null), quarantine, tables.separate() ? tables.port().get() : null);
    return new RunPlan(product, logicalDate, warnings, inputs, transform, rules, out, referenced);
  }

  /**
   * A port that hashes PII needs the platform's secret: without a usable one the run stops here, not at its write. A
   * product without a port (private) hashes nothing, whatever its columns declare.
   */
  private void requirePiiSecret(ProductDescriptor product) {
    if (!OutputPorts.of(product).separate()) {
      return;
    }
    List<String> hashed = product.schema().columns().stream()
        .filter(c -> c.pii() && c.piiHandling() == PiiHandling.HASH).map(ColumnSpec::name).toList();
    if (!hashed.isEmpty()) {
      ctx.piiKey().problem().ifPresent(problem -> {
        throw MeshErrors.piiSecretMissing(product.id(), hashed, problem);
      });
    }
  }

  private RunPlan.Transform transform(ProductDescriptor product) {
    TransformRunner.Prepared prepared = transforms.prepare(product, sqlLocator);
    if (product.transform() instanceof TransformSpec.JavaClass j) {
      return new RunPlan.Transform("class", j.className(), prepared);
    }
    TransformSpec.SqlFile sql = (TransformSpec.SqlFile) product.transform();
    return new RunPlan.Transform("sql", sql.resolved() != null ? sql.resolved().toString() : sql.file(), prepared);
  }

  /**
   * The table {@code reader} reads of product {@code id}: its port, or its clear table for its own domain and the
   * domains granted clear access. A reader governance refuses was stopped before (access is always enforced).
   */
  ProductId readBy(ProductId id, ProductDescriptor reader) {
    ProductDescriptor upstream = ctx.config().product(id.toString());
    return OutputPorts.readBy(upstream, reader.id().domain())
        .orElseThrow(() -> new IllegalStateException(reader.id() + " may not read " + id + " (" + upstream.access().visibility().label() + ")"));
  }

  private TableStore storeOf(ProductId id) {
    return ctx.tables().forFormat(ctx.config().product(id.toString()).output().format());
  }
}
