package dev.mesh.governance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The policy ids {@code conf/governance.conf} may configure, their options, and their implementations. */
public final class Policies {
  private static final Map<String, Function<PolicySpec, Policy>> FACTORIES =
      Map.of(
          "owner-contact", DeclaredPolicies.OwnerContact::new,
          "description", DeclaredPolicies.Description::new,
          "error-quality-rule", DeclaredPolicies.ErrorQualityRule::new,
          "freshness-sla", DeclaredPolicies.FreshnessSla::new,
          "naming", DeclaredPolicies.Naming::new,
          "output-format", DeclaredPolicies.OutputFormat::new,
          "pii-handling", DeclaredPolicies.PiiHandlingDeclared::new,
          "pii-not-public", DeclaredPolicies.PiiNotPublic::new);

  /** The options each configurable policy accepts besides description, severity and fix. */
  public static final Map<String, Set<String>> OPTIONS =
      Map.of("description", Set.of("min-length"), "output-format", Set.of("allowed"));

  /** Always enforced by the platform; they cannot be configured or switched off. */
  public static final Set<String> BUILT_IN =
      Set.of(BuiltInPolicies.ACCESS, BuiltInPolicies.DEPRECATED_INPUT, BuiltInPolicies.CONTRACT_COMPATIBILITY);

  private Policies() {}

  public static Set<String> configurable() {
    return FACTORIES.keySet();
  }


  static Policy create(PolicySpec spec) {
    Function<PolicySpec, Policy> f = FACTORIES.get(spec.id());
    if (f == null) {
      throw new IllegalArgumentException("Unknown policy id '" + spec.id() + "'; known: " + configurable());
    }
    return f.apply(spec);
  }
}
