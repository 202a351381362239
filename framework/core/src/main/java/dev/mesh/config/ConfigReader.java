package dev.mesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, problem-collecting access to one HOCON object. Every getter records a {@link ConfigProblem} (with file, line
 * and full key) instead of throwing, so a file with several mistakes reports all of them at once.
 */
final class ConfigReader {
  /** Where a value set with {@code -Dmesh.<key>} comes from, as problems name it. */
  static final String FROM_SYSTEM_PROPERTIES = "-Dmesh.* system properties";

  /** Where a value set by a {@code MESH_*} environment variable comes from, as problems name it. */
  static final String FROM_ENVIRONMENT = "MESH_* environment variables";

  private final Config config;
  private final String prefix;
  private final Origin fallbackOrigin;
  private final List<ConfigProblem> problems;

  ConfigReader(Config config, String prefix, Origin fallbackOrigin, List<ConfigProblem> problems) {
    this.config = config;
    this.prefix = prefix;
    this.fallbackOrigin = fallbackOrigin;
    this.problems = problems;
  }

  /** The full key of {@code path} in this object; the empty path is the object itself. */
  String key(String path) {
    if (path.isEmpty()) {
      return prefix;
    }
    return prefix.isEmpty() ? path : prefix + "." + path;
  }

  Origin origin() {
    return fallbackOrigin;
  }

  Origin originOf(String path) {
    // The empty path is the object itself (Typesafe refuses it as a path: "Invalid path ''").
    if (!path.isEmpty() && config.hasPathOrNull(path)) {
      try {
        return toOrigin(config.getValue(path).origin(), fallbackOrigin);
      } catch (ConfigException.Null setToNull) {
        // `key = null` (HOCON's way to drop a value the domain.conf gives): the line that says so.
        return toOrigin(setToNull.origin(), fallbackOrigin);
      }
    }
    return fallbackOrigin;
  }

  /**
   * Where each value of this object was declared, by its path (parts unquoted, joined by dots), every leaf and list:
   * what {@link dev.mesh.model.ProductDescriptor#originOf} answers from.
   */
  java.util.Map<String, Origin> declaredAt() {
    java.util.Map<String, Origin> out = new java.util.HashMap<>();
    declaredAt(config.root(), "", out);
    return out;
  }

  /** Every leaf of {@code object} (a null too: {@code sla = null} is where the product dropped its SLA), by path. */
  private void declaredAt(com.typesafe.config.ConfigObject object, String prefix, java.util.Map<String, Origin> out) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof com.typesafe.config.ConfigObject inner) {
        declaredAt(inner, key + ".", out);
      } else {
        out.put(key, toOrigin(e.getValue().origin(), fallbackOrigin));
      }
    }
  }

  static Origin toOrigin(ConfigOrigin o, Origin fallback) {
    if (o == null) {
      return fallback;
    }
    // A value given on the command line (-Dmesh.<key>) or by a MESH_* variable: no file of the mesh holds it.
    for (String given : List.of(FROM_SYSTEM_PROPERTIES, FROM_ENVIRONMENT)) {
      if (o.filename() == null && o.description() != null && o.description().startsWith(given)) {
        return new Origin(given, -1);
      }
    }
    // A default of the framework's reference.conf: no line of the mesh's own files holds it either; the problem is
    // where the enclosing object is (a required key left at its empty default is missing from that object).
    if (o.resource() != null && o.resource().endsWith("reference.conf")) {
      return fallback;
    }
    String file = o.filename() != null ? ConfigFiles.display(o.filename()) : fallback.file();
    return new Origin(file, o.lineNumber() > 0 ? o.lineNumber() : fallback.line());
  }

  boolean has(String path) {
    return config.hasPath(path);
  }

  /** Records a problem of {@code path} at the line of {@code at} (the key that makes {@code path} required). */
  void problemAt(String at, String path, String message) {
    problems.add(new ConfigProblem(originOf(at), key(path), message));
  }

  /** Records a problem of {@code path} in this object; {@code ""} for one of the object itself (its line, its key). */
  void problem(String path, String message) {
    problems.add(new ConfigProblem(originOf(path), key(path), message));
  }

  /** Reports every key of this object not in {@code allowed}, with the closest known key as a hint. */
  void rejectUnknownKeys(Set<String> allowed) {
    for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        String hint = MeshErrors.closest(e.getKey(), allowed).stream().findFirst().orElse(null);
        problems.add(
            new ConfigProblem(
                toOrigin(e.getValue().origin(), fallbackOrigin),
                key(e.getKey()),
                "unknown key"
                    + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                    + "; allowed here: "
                    + String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  String requiredString(String path) {
    if (!config.hasPath(path)) {
      problem(path, "is required");
      return null;
    }
    return string(path, null);
  }

  String string(String path, String defaultValue) {
    if (!config.hasPath(path)) {
      return defaultValue;
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      problem(path, "must be a string, not " + v.valueType().name().toLowerCase());
      return defaultValue;
    }
    return String.valueOf(v.unwrapped());
  }

  boolean bool(String path, boolean defaultValue) {
    if (!config.hasPath(path)) {
      return defaultValue;
    }
    try {
      return config.getBoolean(path);
    } catch (ConfigException.WrongType e) {
      problem(path, "must be true or false, got '" + config.getValue(path).unwrapped() + "'");
      return defaultValue;
    }
  }

  Double number(String path, Double defaultValue) {
    if (!config.hasPath(path)) {
      return defaultValue;
    }
    try {
      return config.getDouble(path);
    } catch (ConfigException.WrongType e) {
      problem(path, "must be a number, got '" + config.getValue(path).unwrapped() + "'");
      return defaultValue;
    }
  }

  Long integer(String path, Long defaultValue) {
    if (!config.hasPath(path)) {
      return defaultValue;
    }
    try {
      return config.getLong(path);
    } catch (ConfigException.WrongType e) {
      problem(path, "must be a whole number, got '" + config.getValue(path).unwrapped() + "'");
      return defaultValue;
    }
  }

  /**
   * The date (YYYY-MM-DD) at {@code path}, else {@code defaultValue}; one that does not parse is a problem, in the words
   * {@code mustBe} and what was given ("..., got 'soon'"), and gives {@code defaultValue}.
   */
  java.time.LocalDate date(String path, java.time.LocalDate defaultValue, String mustBe) {
    String text = string(path, null);
    if (text == null) {
      return defaultValue;
    }
    try {
      return java.time.LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      problem(path, mustBe + ", got '" + text + "'");
      return defaultValue;
    }
  }

  Duration duration(String path, Duration defaultValue) {
    if (!config.hasPath(path)) {
      return defaultValue;
    }
    try {
      return config.getDuration(path);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      problem(path, "must be a duration such as 26h or 2d, got '" + config.getValue(path).unwrapped() + "'");
      return defaultValue;
    }
  }

  /** A list of strings; a single string is accepted as a one-element list. */
  List<String> stringList(String path) {
    if (!config.hasPath(path)) {
      return List.of();
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() == ConfigValueType.STRING) {
      return List.of((String) v.unwrapped());
    }
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException.WrongType e) {
      problem(path, "must be a list of strings");
      return List.of();
    }
  }

  /** Whether {@code path} is written as an empty list ({@code []}). */
  boolean isEmptyList(String path) {
    return config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.LIST && config.getList(path).isEmpty();
  }

  /** A nested object as a reader, or null (with a problem) if the value is not an object. */
  ConfigReader object(String path) {
    if (!config.hasPath(path)) {
      return null;
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(path, "must be an object { ... }");
      return null;
    }
    return new ConfigReader(config.getConfig(path), key(path), originOf(path), problems);
  }

  /** The reader of each element of a list of objects; non-objects are reported. */
  List<ConfigReader> objectList(String path) {
    if (!config.hasPath(path)) {
      return List.of();
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.LIST) {
      problem(path, "must be a list [ { ... }, ... ]");
      return List.of();
    }
    List<ConfigReader> out = new ArrayList<>();
    List<? extends ConfigValue> items = config.getList(path);
    for (int i = 0; i < items.size(); i++) {
      ConfigValue item = items.get(i);
      String itemKey = key(path) + "[" + i + "]";
      Origin o = toOrigin(item.origin(), originOf(path));
      if (item.valueType() != ConfigValueType.OBJECT) {
        problems.add(new ConfigProblem(o, itemKey, "must be an object { ... }"));
        continue;
      }
      out.add(new ConfigReader(((ConfigObject) item).toConfig(), itemKey, o, problems));
    }
    return out;
  }

  /** The entries of an object, in the order they are written in the file (HOCON objects are unordered). */
  List<Map.Entry<String, ConfigValue>> entriesInFileOrder() {
    List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(config.root().entrySet());
    entries.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
    return entries;
  }

  Config raw() {
    return config;
  }

  /**
   * This object's values as text, by key, but the keys {@code except} (a source input's options, without its own
   * {@code source}): what the connector is handed at run time and what it checks at load, from one place.
   */
  Map<String, String> texts(Set<String> except) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (!except.contains(e.getKey())) {
        out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return out;
  }
}
