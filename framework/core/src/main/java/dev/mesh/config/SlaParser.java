package dev.mesh.config;

import com.typesafe.config.ConfigValue;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.SlaSpec;
import dev.mesh.quality.MetricKind;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses a product's {@code sla { ... }} block: freshness and the quality rules, each reported with its line. */
final class SlaParser {
  private static final Set<String> SLA_KEYS = Set.of("freshness", "input-freshness", "rules");
  private static final Set<String> COMMON = Set.of("rule", "name", "severity", "on-failure");
  private static final Map<String, Set<String>> RULE_KEYS =
      Map.ofEntries(
          Map.entry("completeness", Set.of("column", "min")),
          Map.entry("not-null", Set.of("column")),
          Map.entry("unique", Set.of("column", "columns")),
          Map.entry("allowed-values", Set.of("column", "values")),
          Map.entry("range", Set.of("column", "min", "max")),
          Map.entry("pattern", Set.of("column", "regex")),
          Map.entry("row-count", Set.of("min", "max")),
          Map.entry("predicate", Set.of("sql", "min-fraction")),
          Map.entry("referential-integrity", Set.of("column", "references")),
          Map.entry("anomaly", Set.of("metric", "column", "max-change", "window")));
  private static final Set<String> ROW_LEVEL = Set.of("not-null", "allowed-values", "range", "pattern", "predicate");

  SlaSpec parse(ConfigReader sla, List<InputSpec> inputs, DeclaredSchema schema) {
    if (sla == null) {
      return SlaSpec.none();
    }
    sla.rejectUnknownKeys(SLA_KEYS);
    Duration maxAge = sla.duration("freshness", null);
    List<FreshnessSpec.InputFreshness> inputFreshness = new ArrayList<>();
    ConfigReader inf = sla.object("input-freshness");
    if (inf != null) {
      for (Map.Entry<String, ConfigValue> e : inf.entriesInFileOrder()) {
        ConfigReader f = inf.object(ProductParser.quote(e.getKey()));
        if (f == null) {
          continue;
        }
        f.rejectUnknownKeys(Set.of("column", "max-age"));
        if (inputs.stream().noneMatch(i -> i.alias().equals(e.getKey()))) {
          inf.problem(ProductParser.quote(e.getKey()), "is not an input alias of this product");
        }
        String column = f.requiredString("column");
        Duration age = f.duration("max-age", null);
        if (age == null && !f.has("max-age")) {
          f.problem("max-age", "is required, e.g. max-age = 2d");
        }
        if (column != null && age != null) {
          inputFreshness.add(new FreshnessSpec.InputFreshness(e.getKey(), column, age));
        }
      }
    }

    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigReader r : sla.objectList("rules")) {
      Rule rule = parseRule(r, schema);
      if (rule == null) {
        continue;
      }
      if (!names.add(rule.name())) {
        r.problem("name", "duplicate rule name '" + rule.name() + "' in this product: give one of them a name");
        continue;
      }
      rules.add(rule);
    }
    return new SlaSpec(rules, new FreshnessSpec(maxAge, inputFreshness));
  }

  private Rule parseRule(ConfigReader r, DeclaredSchema schema) {
    String kind = r.requiredString("rule");
    if (kind == null) {
      return null;
    }
    Set<String> specific = RULE_KEYS.get(kind);
    if (specific == null) {
      List<String> close = MeshErrors.closest(kind, RULE_KEYS.keySet());
      r.problem(
          "rule", "unknown rule '" + kind + "'" + (close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)")
              + "; known rules: " + String.join(", ", RULE_KEYS.keySet().stream().sorted().toList()));
      return null;
    }
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(specific);
    r.rejectUnknownKeys(allowed);

    String severityText = r.string("severity", "error");
    Severity severity;
    try {
      severity = Severity.valueOf(severityText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      r.problem("severity", "must be error or warn, got '" + severityText + "'");
      return null;
    }
    String onFailureText = r.string("on-failure", "block");
    OnFailure onFailure;
    try {
      onFailure = OnFailure.valueOf(onFailureText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      r.problem("on-failure", "must be block or quarantine, got '" + onFailureText + "'");
      return null;
    }
    if (onFailure == OnFailure.QUARANTINE && !ROW_LEVEL.contains(kind)) {
      r.problem("on-failure", "quarantine applies to row-level rules only (" + String.join(", ", ROW_LEVEL) + ")");
      return null;
    }

    String column = specific.contains("column") ? r.string("column", null) : null;
    if (column != null && schema.lacks(column)) {
      r.problem("column", schema.notDeclared(column));
      return null;
    }
    String name = r.string("name", null);
    String defaultName = kind.replace('-', '_') + (column != null ? "_" + column : "");

    switch (kind) {
      case "completeness": {
        Double min = fraction(r, "min", null);
        if (column == null || min == null) {
          require(r, column, "column");
          require(r, min, "min");
          return null;
        }
        return new Rule.Completeness(or(name, defaultName), severity, column, min);
      }
      case "not-null":
        if (column == null) {
          return require(r, null, "column");
        }
        return new Rule.NotNull(or(name, defaultName), severity, column, onFailure);
      case "unique": {
        List<String> cols = r.has("columns") ? r.stringList("columns") : column != null ? List.of(column) : List.of();
        if (cols.isEmpty()) {
          if (r.isEmptyList("columns")) { // a rule that checks nothing would pass every run
            r.problem("columns", "must name at least one column");
            return null;
          }
          return require(r, null, "columns");
        }
        for (String c : cols) {
          if (schema.lacks(c)) {
            r.problem("columns", schema.notDeclared(c));
            return null;
          }
        }
        return new Rule.Unique(or(name, "unique_" + String.join("_", cols)), severity, cols);
      }
      case "allowed-values": {
        List<String> values = r.stringList("values");
        if (column == null || values.isEmpty()) {
          require(r, column, "column");
          if (r.isEmptyList("values")) {
            r.problem("values", "must list at least one value");
          } else {
            require(r, values.isEmpty() ? null : values, "values");
          }
          return null;
        }
        return new Rule.AllowedValues(or(name, defaultName), severity, column, values, onFailure);
      }
      case "range": {
        Double min = r.number("min", null);
        Double max = r.number("max", null);
        if (column == null) {
          return require(r, null, "column");
        }
        if (min == null && max == null) {
          if (!r.has("min") && !r.has("max")) { // else a bound is there but not a number: reported as such
            r.problem("", "a range rule needs min, max or both");
          }
          return null;
        }
        if (min != null && max != null && min > max) {
          r.problem("min", "is greater than max (" + min + " > " + max + ")");
          return null;
        }
        return new Rule.Range(or(name, defaultName), severity, column, min, max, onFailure);
      }
      case "pattern": {
        String regex = r.string("regex", null);
        if (column == null || regex == null) {
          require(r, column, "column");
          require(r, regex, "regex");
          return null;
        }
        try {
          java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
          r.problem("regex", "is not a valid regular expression: " + e.getDescription());
          return null;
        }
        return new Rule.Pattern(or(name, defaultName), severity, column, regex, onFailure);
      }
      case "row-count": {
        Long min = r.integer("min", null);
        Long max = r.integer("max", null);
        if (min == null && max == null) {
          if (!r.has("min") && !r.has("max")) { // else a bound is there but not a number: reported as such
            r.problem("", "a row-count rule needs min, max or both");
          }
          return null;
        }
        return new Rule.RowCount(or(name, "row_count"), severity, min, max);
      }
      case "predicate": {
        String sql = r.string("sql", null);
        Double fraction = fraction(r, "min-fraction", 1.0);
        if (sql == null) {
          return require(r, null, "sql");
        }
        if (name == null) {
          r.problem("name", "is required for a predicate rule (it names the rule in reports)");
          return null;
        }
        return new Rule.Predicate(name, severity, sql, fraction == null ? 1.0 : fraction, onFailure);
      }
      case "referential-integrity": {
        String ref = r.string("references", null);
        if (column == null || ref == null) {
          require(r, column, "column");
          require(r, ref, "references");
          return null;
        }
        String[] parts = ref.split("\\.");
        if (parts.length != 3) {
          r.problem("references", "must be <domain>.<product>.<column>, got '" + ref + "'");
          return null;
        }
        return new Rule.ReferentialIntegrity(
            or(name, defaultName), severity, column, parts[0] + "." + parts[1], parts[2]);
      }
      case "anomaly": {
        String metricText = r.string("metric", null);
        Double maxChange = r.number("max-change", null);
        long window = r.integer("window", 5L);
        if (metricText == null || maxChange == null) {
          require(r, metricText, "metric");
          require(r, maxChange, "max-change");
          return null;
        }
        MetricKind metric = null;
        for (MetricKind m : MetricKind.values()) {
          if (m.label().equals(metricText)) {
            metric = m;
          }
        }
        if (metric == null) {
          r.problem("metric", "unknown metric '" + metricText + "'; known: row-count, completeness, mean, min, max, sum, distinct-count");
          return null;
        }
        if (metric.needsColumn() && column == null) {
          return require(r, null, "column");
        }
        if (maxChange < 0) {
          r.problem("max-change", "must be >= 0 (a fraction: 0.5 = 50%)");
          return null;
        }
        return new Rule.Anomaly(
            or(name, "anomaly_" + metricText.replace('-', '_') + (column != null ? "_" + column : "")),
            severity, metric, column, maxChange, (int) Math.max(1, window));
      }
      default:
        return null;
    }
  }

  private static Double fraction(ConfigReader r, String key, Double dflt) {
    Double v = r.number(key, dflt);
    if (v != null && (v < 0 || v > 1)) {
      r.problem(key, "must be a fraction between 0 and 1, got " + v);
      return null;
    }
    return v;
  }

  private static <T> T require(ConfigReader r, Object value, String key) {
    if (value == null && !r.has(key)) {
      r.problem(key, "is required for this rule");
    }
    return null;
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }
}
