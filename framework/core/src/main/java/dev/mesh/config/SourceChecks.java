package dev.mesh.config;

import dev.mesh.api.SourceConnector;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What can be checked of a source input when the configuration is loaded ({@code mesh.sql-check = load}), from the
 * connectors on the classpath: its type has a connector, and its options (and the platform's defaults for the type)
 * are ones the connector declares it reads. With {@code sql-check = run} a job jar may not carry another domain's
 * connector, so the check waits for the run, as the transform checks do.
 */
final class SourceChecks {
  /** The connectors by type (the first found of each). */
  private final Map<String, SourceConnector> connectors;

  private SourceChecks(Map<String, SourceConnector> connectors) {
    this.connectors = connectors;
  }

  /**
   * The connectors {@link java.util.ServiceLoader} finds, as the runtime finds them ({@code dev.mesh.source.SourceConnectors},
   * which this does not call: it takes a {@code PlatformConfig}, and config -> source -> config would be a package cycle).
   */
  static SourceChecks onClasspath() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Map<String, SourceConnector> found = new TreeMap<>();
    for (SourceConnector c :
        ServiceLoader.load(SourceConnector.class, context != null ? context : SourceChecks.class.getClassLoader())) {
      found.putIfAbsent(c.type(), c);
    }
    return new SourceChecks(found);
  }

  /** Reports {@code type} at {@code key} of {@code reader} when no connector reads it; true when one does. */
  boolean checkType(ConfigReader reader, String key, String type) {
    if (connectors.containsKey(type)) {
      return true;
    }
    reader.problem(key, "unknown source type '" + type + "'; known source types: " + String.join(", ", connectors.keySet())
        + " (a connector is listed in META-INF/services/" + SourceConnector.class.getName() + ")");
    return false;
  }

  /**
   * Reports every key of {@code reader} (an input, or a type's defaults under {@code mesh.sources}) that the type's
   * connector does not declare, besides {@code ownKeys} (the declaration's own, such as {@code source}), and every
   * value the connector says it would refuse ({@link SourceConnector#optionProblems}), each at its line and key.
   */
  void checkOptions(ConfigReader reader, String type, Set<String> ownKeys) {
    SourceConnector connector = connectors.get(type);
    if (connector == null) {
      return;
    }
    connector.declaredOptions().ifPresent(declared -> {
      Set<String> allowed = new TreeSet<>(declared);
      allowed.addAll(ownKeys);
      reader.rejectUnknownKeys(allowed);
    });
    connector.optionProblems(reader.texts(ownKeys)).forEach((key, message) -> reader.problem(com.typesafe.config.ConfigUtil.joinPath(key), message));
  }
}
