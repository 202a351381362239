package dev.mesh.governance;

import dev.mesh.model.Origin;
import dev.mesh.quality.Severity;
import java.util.List;
import java.util.Map;

/**
 * One policy as declared in {@code conf/governance.conf} (or tightened in a domain's {@code domain.conf}).
 *
 * @param id a built-in policy id, see {@link Policies}
 * @param fix how to comply, shown with every violation
 * @param options the policy's own settings, e.g. {@code allowed = [delta, iceberg]} for {@code output-format}
 * @param origin where the policy was declared
 */
public record PolicySpec(
    String id, String description, Severity severity, String fix, Map<String, List<String>> options, Origin origin) {
  public PolicySpec {
    options = Map.copyOf(options);
  }

  /** The values of an option, or {@code defaults} when it is not set. */
  public List<String> option(String key, List<String> defaults) {
    return options.getOrDefault(key, defaults);
  }
}
