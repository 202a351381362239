package dev.mesh.source;

import dev.mesh.api.SourceConnector;
import dev.mesh.config.PlatformConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The source connectors on the classpath, by type, with the platform's default options per type. */
public final class SourceConnectors {
  private final Map<String, SourceConnector> byType;
  private final Map<String, Map<String, String>> defaults;

  public SourceConnectors(Map<String, SourceConnector> byType, Map<String, Map<String, String>> defaults) {
    this.byType = Map.copyOf(byType);
    this.defaults = Map.copyOf(defaults);
  }

  public static SourceConnectors load(PlatformConfig platform) {
    Map<String, SourceConnector> found = new TreeMap<>();
    for (SourceConnector c : ServiceLoader.load(SourceConnector.class, Thread.currentThread().getContextClassLoader())) {
      found.putIfAbsent(c.type(), c);
    }
    return new SourceConnectors(found, platform.sources());
  }

  public Optional<SourceConnector> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Set<String> types() {
    return byType.keySet();
  }

  /** The input's options over the platform defaults of its type. */
  public Map<String, String> options(String type, Map<String, String> inputOptions) {
    Map<String, String> merged = new LinkedHashMap<>(defaults.getOrDefault(type, Map.of()));
    merged.putAll(inputOptions);
    return merged;
  }
}
