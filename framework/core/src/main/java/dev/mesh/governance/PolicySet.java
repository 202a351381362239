package dev.mesh.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mesh's policies: the global ones of {@code conf/governance.conf}, and each domain's stricter local ones from
 * its {@code domain.conf} (already checked not to loosen a global policy).
 */
public record PolicySet(List<PolicySpec> global, Map<String, List<PolicySpec>> domains) {
  public PolicySet {
    global = List.copyOf(global);
    domains = Map.copyOf(domains);
  }

  /** No configured policies (no governance.conf): only the built-in ones apply. */
  public static PolicySet none() {
    return new PolicySet(List.of(), Map.of());
  }

  /** The policies a product of {@code domain} must follow: the global ones, tightened or extended locally. */
  public List<PolicySpec> forDomain(String domain) {
    Map<String, PolicySpec> byId = new LinkedHashMap<>();
    global.forEach(p -> byId.put(p.id(), p));
    domains.getOrDefault(domain, List.of()).forEach(p -> byId.put(p.id(), p));
    return List.copyOf(byId.values());
  }

  public java.util.Optional<PolicySpec> globalPolicy(String id) {
    return global.stream().filter(p -> p.id().equals(id)).findFirst();
  }
}
