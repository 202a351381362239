package dev.mesh.governance;

import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.quality.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Policies the platform always enforces, whatever {@code conf/governance.conf} says: access between domains,
 * deprecated inputs, and contract compatibility with the published version.
 */
final class BuiltInPolicies {
  static final String ACCESS = "access";
  static final String DEPRECATED_INPUT = "deprecated-input";
  static final String CONTRACT_COMPATIBILITY = "contract-compatibility";

  private BuiltInPolicies() {}

  /** A product input of {@code p} whose product is declared: the alias it is read under, and its descriptor. */
  record Upstream(String alias, ProductDescriptor product) {}

  /** The declared products {@code p} reads (inputs naming no product are the graph's error, not a policy's). */
  static List<Upstream> upstream(ProductDescriptor p, GovernanceContext mesh) {
    List<Upstream> out = new ArrayList<>();
    for (InputSpec in : p.inputs()) {
      if (in instanceof InputSpec.ProductInput pi) {
        mesh.find(pi.product()).ifPresent(d -> out.add(new Upstream(in.alias(), d)));
      }
    }
    return out;
  }

  static List<Policy> all() {
    return List.of(new Access(), new DeprecatedInput(), new ContractCompatibility());
  }

  /** {@code access}: a product reads only the products its domain may read. */
  static final class Access implements Policy {
    @Override
    public String id() {
      return ACCESS;
    }

    @Override
    public List<Violation> check(ProductDescriptor p, GovernanceContext mesh) {
      List<Violation> out = new ArrayList<>();
      for (Upstream u : upstream(p, mesh)) {
        ProductDescriptor up = u.product();
        if (up.access().allows(up.domain(), p.domain())) {
          continue;
        }
        String fix = AccessRefusal.fix(up, p.domain()) + ", or remove input '" + u.alias() + "'";
        out.add(
            new Violation(
                ACCESS, Severity.ERROR, p.id(), p.originOf("inputs." + u.alias()),
                "input '" + u.alias() + "' (" + up.id() + ") " + AccessRefusal.scope(up) + "; " + p.domain() + " may not read it",
                fix));
      }
      return out;
    }
  }

  /** {@code deprecated-input}: reading a deprecated product warns until its date and fails after it. */
  static final class DeprecatedInput implements Policy {
    @Override
    public String id() {
      return DEPRECATED_INPUT;
    }

    @Override
    public List<Violation> check(ProductDescriptor p, GovernanceContext mesh) {
      List<Violation> out = new ArrayList<>();
      for (Upstream u : upstream(p, mesh)) {
        ProductDescriptor up = u.product();
        if (up.deprecatedAfter() == null) {
          continue;
        }
        boolean expired = mesh.today().isAfter(up.deprecatedAfter());
        out.add(
            new Violation(
                DEPRECATED_INPUT,
                expired ? Severity.ERROR : Severity.WARN,
                p.id(),
                p.originOf("inputs." + u.alias()),
                "input '" + u.alias() + "' (" + up.id() + ") "
                    + (expired
                        ? "was deprecated after " + up.deprecatedAfter() + " (deprecated-after) and may no longer be read"
                        : "is deprecated: it may be read until " + up.deprecatedAfter() + " (deprecated-after)"),
                "move to its replacement; ask its owner " + (up.owner() == null ? up.domain() : up.owner().contact())
                    + " which product replaces it"));
      }
      return out;
    }
  }

  /** {@code contract-compatibility}: a breaking schema change needs a major version bump. */
  static final class ContractCompatibility implements Policy {
    @Override
    public String id() {
      return CONTRACT_COMPATIBILITY;
    }

    @Override
    public List<Violation> check(ProductDescriptor p, GovernanceContext mesh) {
      PublishedContract published = mesh.published().get(p.id());
      if (published == null) {
        return List.of();
      }
      List<SchemaChange> changes = SchemaCompatibility.changes(published.columns(), p.schema().columns());
      List<SchemaChange> breaking = changes.stream().filter(SchemaChange::breaking).toList();
      int before = SchemaCompatibility.major(published.version());
      int now = SchemaCompatibility.major(p.version());
      if (breaking.isEmpty() || now > before) {
        return List.of();
      }
      return List.of(
          new Violation(
              // The first breaking column's line (a removed column: the schema's; the version is named in the fix).
              CONTRACT_COMPATIBILITY, Severity.ERROR, p.id(), p.originOf("schema." + breaking.get(0).column()),
              "breaking schema change against published version " + published.version() + ": "
                  + String.join("; ", breaking.stream().map(c -> c.column() + " " + c.detail()).toList()),
              "bump the major version (version = \"" + (before + 1) + ".0.0\") so consumers notice, or keep the "
                  + "column as it was published"));
    }
  }
}
