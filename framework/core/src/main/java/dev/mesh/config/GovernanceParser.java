package dev.mesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.governance.Policies;
import dev.mesh.governance.PolicySet;
import dev.mesh.governance.PolicySpec;
import dev.mesh.model.Origin;
import dev.mesh.quality.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code conf/governance.conf} ({@code governance.policies}) and each domain's {@code domain.policies},
 * reporting every problem with file, line and key. A domain may add or tighten policies, never loosen one.
 */
final class GovernanceParser {
  private static final Set<String> TOP_KEYS = Set.of("policies");
  private static final Set<String> SPEC_KEYS = Set.of("description", "severity", "fix", "enabled");

  private GovernanceParser() {}

  /**
   * @param governanceFile {@code conf/governance.conf}; without it only the built-in policies apply
   * @param domainFiles each domain's {@code domain.conf}, by domain name
   */
  static PolicySet parse(Path governanceFile, Map<String, Path> domainFiles, List<ConfigProblem> problems) {
    List<PolicySpec> global = new ArrayList<>();
    if (Files.isRegularFile(governanceFile)) {
      Origin origin = new Origin(ConfigFiles.display(governanceFile.toString()), -1);
      Config c = parseFile(governanceFile, origin, problems);
      if (c != null && !c.hasPath("governance")) {
        problems.add(new ConfigProblem(origin, "governance", "governance.conf must hold a governance { ... } block"));
      } else if (c != null) {
        ConfigReader g = new ConfigReader(c.getConfig("governance"), "governance", origin, problems);
        g.rejectUnknownKeys(TOP_KEYS);
        ConfigReader policies = g.object("policies");
        if (policies != null) {
          for (Map.Entry<String, ConfigValue> e : policies.entriesInFileOrder()) {
            PolicySpec spec = policy(policies, e.getKey(), null);
            if (spec != null) {
              global.add(spec);
            }
          }
        }
      }
    }
    PolicySet globalSet = new PolicySet(global, Map.of());
    Map<String, List<PolicySpec>> domains = new LinkedHashMap<>();
    for (Map.Entry<String, Path> d : domainFiles.entrySet()) {
      Origin origin = new Origin(ConfigFiles.display(d.getValue().toString()), -1);
      Config c = parseFile(d.getValue(), origin, problems);
      if (c == null || !c.hasPath("domain.policies")) {
        continue;
      }
      ConfigReader policies = new ConfigReader(c.getConfig("domain"), "domain", origin, problems).object("policies");
      if (policies == null) {
        continue;
      }
      List<PolicySpec> local = new ArrayList<>();
      for (Map.Entry<String, ConfigValue> e : policies.entriesInFileOrder()) {
        PolicySpec spec = policy(policies, e.getKey(), globalSet);
        if (spec != null) {
          local.add(spec);
        }
      }
      domains.put(d.getKey(), local);
    }
    return new PolicySet(global, domains);
  }

  private static Config parseFile(Path file, Origin origin, List<ConfigProblem> problems) {
    try {
      return ConfigFactory.parseFile(file.toFile()).resolve();
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(ConfigReader.toOrigin(e.origin(), origin), "", MeshConfigLoader.cleanMessage(e)));
      return null;
    }
  }

  /** One policy block; {@code global} is null when parsing governance.conf itself, else the set to tighten. */
  private static PolicySpec policy(ConfigReader policies, String id, PolicySet global) {
    String key = ProductParser.quote(id);
    if (Policies.BUILT_IN.contains(id)) {
      policies.problem(key, "is built in and always enforced by the platform; it cannot be configured");
      return null;
    }
    if (!Policies.configurable().contains(id)) {
      policies.problem(key, "unknown policy id; known: " + String.join(", ", Policies.configurable().stream().sorted().toList()));
      return null;
    }
    ConfigReader r = policies.object(key);
    if (r == null) {
      return null;
    }
    Set<String> allowed = new HashSet<>(SPEC_KEYS);
    allowed.addAll(Policies.OPTIONS.getOrDefault(id, Set.of()));
    r.rejectUnknownKeys(allowed);
    PolicySpec base = global == null ? null : global.globalPolicy(id).orElse(null);
    boolean enabled = r.bool("enabled", true);
    if (!enabled) {
      if (global != null && base != null) {
        r.problem("enabled", "a domain cannot switch off the global policy '" + id + "' (declared at " + base.origin()
            + "); domains may only add or tighten policies. Ask the governance group to change conf/governance.conf");
      }
      return null;
    }
    String description = base != null ? r.string("description", base.description()) : r.requiredString("description");
    String fix = base != null ? r.string("fix", base.fix()) : r.requiredString("fix");
    String severityText = r.string("severity", base != null ? base.severity().label() : null);
    Severity severity = null;
    if (severityText == null) {
      r.problem("severity", "is required: error (blocks) or warn (reports)");
    } else if (!severityText.equals("error") && !severityText.equals("warn")) {
      r.problem("severity", "must be error or warn, got '" + severityText + "'");
    } else {
      severity = Severity.valueOf(severityText.toUpperCase(java.util.Locale.ROOT));
    }
    if (base != null && severity == Severity.WARN && base.severity() == Severity.ERROR) {
      r.problem("severity", "a domain cannot lower the global policy '" + id + "' from error to warn (declared at "
          + base.origin() + "); domains may only tighten policies");
    }
    Map<String, List<String>> options = new LinkedHashMap<>();
    if (r.has("allowed")) {
      List<String> values = r.stringList("allowed");
      options.put("allowed", values);
      // The global policy names formats the platform writes (a domain's list is held to the global one below).
      List<String> formats = java.util.Arrays.stream(dev.mesh.model.TableFormat.values()).map(dev.mesh.model.TableFormat::label).toList();
      List<String> unknown = values.stream().filter(v -> !formats.contains(v)).toList();
      if (base == null && !unknown.isEmpty()) {
        r.problem("allowed", "names a format the platform does not write: " + String.join(", ", unknown) + " (it writes "
            + String.join(", ", formats) + ")");
      }
      if (base != null) {
        List<String> wider = values.stream().filter(v -> !base.option("allowed", formats).contains(v)).toList();
        if (!wider.isEmpty()) {
          r.problem("allowed", "a domain cannot allow what the global policy '" + id + "' forbids: " + String.join(", ", wider));
        }
      }
    }
    if (r.has("min-length")) {
      Long min = r.integer("min-length", 0L);
      options.put("min-length", List.of(String.valueOf(min)));
      if (base != null && min < Long.parseLong(base.option("min-length", List.of("1")).get(0))) {
        r.problem("min-length", "a domain cannot lower the global policy's min-length " + base.option("min-length", List.of("1")).get(0));
      }
    }
    if (base != null) {
      base.options().forEach(options::putIfAbsent);
    }
    if (description == null || fix == null || severity == null) {
      return null;
    }
    return new PolicySpec(id, description, severity, fix, options, r.origin());
  }
}
