package dev.mesh.export.odcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mesh.config.PlatformConfig;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TableFormat;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import dev.mesh.render.Durations;
import dev.mesh.render.RuleText;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A product as an Open Data Contract Standard v3.1.0 document: schema, quality rules, SLA properties, team,
 * support and servers. Every ODCS field name is written here only.
 */
public final class OdcsContract {
  public static final String API_VERSION = "v3.1.0";
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES));
  private static final ObjectMapper JSON = new ObjectMapper();

  private OdcsContract() {}

  /** The contract as a JSON tree (what the YAML is written from, and what the ODCS JSON Schema validates). */
  public static ObjectNode tree(ProductDescriptor d, PlatformConfig platform, LocalDate today) {
    ObjectNode c = JSON.createObjectNode();
    c.put("apiVersion", API_VERSION);
    c.put("kind", "DataContract");
    c.put("id", d.id().toString());
    c.put("name", d.id().name());
    c.put("version", d.version());
    c.put("status", d.deprecatedAfter() == null ? "active" : today.isAfter(d.deprecatedAfter()) ? "retired" : "deprecated");
    c.put("domain", d.domain());
    ObjectNode description = c.putObject("description");
    description.put("purpose", d.description());
    description.put("usage", "Read it as " + d.id() + " (Spark SQL through mesh) or as an input of another product.");
    List<String> pii = d.schema().columns().stream().filter(ColumnSpec::pii).map(ColumnSpec::name).toList();
    if (!pii.isEmpty()) {
      description.put(
          "limitations",
          "Personal data in " + String.join(", ", pii) + ": readers outside domain " + d.domain()
              + " see it only in its handled form (mask, hash or drop).");
    }
    if (!d.tags().isEmpty()) {
      ArrayNode tags = c.putArray("tags");
      d.tags().forEach(tags::add);
    }
    servers(c.putArray("servers"), d, platform);
    schema(c.putArray("schema").addObject(), d);
    if (d.owner() != null) {
      ObjectNode team = c.putObject("team");
      team.put("name", d.owner().team());
      team.putArray("members").addObject().put("username", d.owner().contact()).put("role", "owner");
      ObjectNode support = c.putArray("support").addObject();
      support.put("channel", d.owner().team());
      boolean mail = d.owner().contact().contains("@") && !d.owner().contact().contains("://");
      support.put("url", mail ? "mailto:" + d.owner().contact() : d.owner().contact());
      support.put("tool", mail ? "email" : "other");
      support.put("scope", "issues");
    }
    ArrayNode sla = c.putArray("slaProperties");
    Duration maxAge = d.sla().freshness().maxAge();
    if (maxAge != null) {
      latency(sla.addObject(), maxAge)
          .put("description", "The product is at most " + Durations.declared(maxAge) + " old after its last successful run");
    }
    for (var f : d.sla().freshness().inputs()) {
      latency(sla.addObject(), f.maxAge())
          .put("element", f.column())
          .put("description", "Input " + f.alias() + ": the newest " + f.column() + " is at most " + Durations.declared(f.maxAge())
              + " old at the end of the logical date");
    }
    Durations.Amount kept = Durations.amount(platform.retentionOf(d));
    sla.addObject()
        .put("property", "retention")
        .put("value", kept.value())
        .put("unit", kept.unit().equals("m") ? "min" : kept.unit())
        .put("description", "Superseded versions stay readable for " + Durations.declared(platform.retentionOf(d))
            + " (mesh maintain deletes what only older versions need)");
    if (d.schedule() != null) {
      sla.addObject()
          .put("property", "frequency")
          .put("value", d.schedule())
          .put("scheduler", "cron")
          .put("schedule", d.schedule());
    }
    ArrayNode custom = c.putArray("customProperties");
    custom.addObject().put("property", "visibility").put("value", d.access().visibility().label());
    if (!d.access().consumers().isEmpty()) {
      ArrayNode v = custom.addObject().put("property", "consumers").putArray("value");
      d.access().consumers().forEach(v::add);
    }
    if (!d.access().piiClearAccess().isEmpty()) {
      ArrayNode v = custom.addObject().put("property", "piiClearAccess").putArray("value");
      d.access().piiClearAccess().forEach(v::add);
    }
    if (d.deprecatedAfter() != null) {
      custom.addObject().put("property", "deprecatedAfter").put("value", d.deprecatedAfter().toString());
    }
    custom.addObject().put("property", "declaredAt").put("value", d.origin().toString());
    return c;
  }

  /** The contract as ODCS YAML. */
  public static String yaml(ProductDescriptor d, PlatformConfig platform, LocalDate today) {
    try {
      return YAML.writeValueAsString(tree(d, platform, today));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the contract of " + d.id(), e);
    }
  }

  /** A latency SLA property: the duration as declared, in ODCS's unit names ({@code d}, {@code h}, {@code min}, ...). */
  private static ObjectNode latency(ObjectNode property, Duration maxAge) {
    Durations.Amount a = Durations.amount(maxAge);
    return property.put("property", "latency").put("value", a.value()).put("unit", a.unit().equals("m") ? "min" : a.unit());
  }

  private static void servers(ArrayNode servers, ProductDescriptor d, PlatformConfig platform) {
    String location =
        d.output().format() == TableFormat.DELTA
            ? platform.deltaRoot() + "/" + d.domain() + "/" + d.id().name()
            : (platform.iceberg() != null ? platform.iceberg().warehouse() : platform.warehouse() + "/iceberg")
                + "/" + d.domain() + "/" + d.id().name();
    ObjectNode s = servers.addObject();
    s.put("server", platform.environment());
    s.put("environment", platform.environment());
    if (location.startsWith("s3://") || location.startsWith("s3a://")) {
      s.put("type", "s3").put("location", location).put("format", d.output().format().label());
    } else {
      s.put("type", "local").put("path", location).put("format", d.output().format().label());
    }
  }

  private static void schema(ObjectNode table, ProductDescriptor d) {
    table.put("name", d.id().name());
    table.put("physicalName", d.id().toString());
    table.put("physicalType", "table");
    table.put("logicalType", "object");
    table.put("description", d.description());
    ArrayNode props = table.putArray("properties");
    List<Rule> tableRules = new ArrayList<>(d.sla().rules());
    for (ColumnSpec col : d.schema().columns()) {
      ObjectNode p = props.addObject();
      p.put("name", col.name());
      p.put("physicalType", col.type());
      p.put("logicalType", logicalType(col.type()));
      p.put("required", !col.nullable());
      if (!col.description().isEmpty()) {
        p.put("description", col.description());
      }
      int partition = d.output().partitionedBy().indexOf(col.name());
      if (partition >= 0) {
        p.put("partitioned", true).put("partitionKeyPosition", partition + 1);
      }
      int key = d.output().mergeKeys().indexOf(col.name());
      if (key >= 0) {
        p.put("primaryKey", true).put("primaryKeyPosition", key + 1);
      }
      if (col.pii()) {
        p.put("classification", "restricted");
        ArrayNode custom = p.putArray("customProperties");
        custom.addObject().put("property", "pii").put("value", true);
        if (col.piiHandling() != null) {
          custom.addObject().put("property", "piiHandling").put("value", col.piiHandling().label());
        }
      }
      ArrayNode quality = JSON.createArrayNode();
      for (Rule r : d.sla().rules()) {
        if (column(r) != null && column(r).equalsIgnoreCase(col.name())) {
          quality.add(rule(r));
          tableRules.remove(r);
        }
      }
      if (!quality.isEmpty()) {
        p.set("quality", quality);
      }
    }
    if (!tableRules.isEmpty()) {
      ArrayNode quality = table.putArray("quality");
      tableRules.forEach(r -> quality.add(rule(r)));
    }
  }

  /** The one column a rule is about, or null for table-level rules. */
  private static String column(Rule r) {
    if (r instanceof Rule.NotNull n) {
      return n.column();
    }
    if (r instanceof Rule.Unique u && u.columns().size() == 1) {
      return u.columns().get(0);
    }
    if (r instanceof Rule.AllowedValues a) {
      return a.column();
    }
    if (r instanceof Rule.Completeness c) {
      return c.column();
    }
    if (r instanceof Rule.Range g) {
      return g.column();
    }
    if (r instanceof Rule.Pattern p) {
      return p.column();
    }
    return null;
  }

  private static ObjectNode rule(Rule r) {
    ObjectNode q = JSON.createObjectNode();
    q.put("name", r.name());
    q.put("severity", r.severity() == Severity.ERROR ? "error" : "warning");
    if (r instanceof Rule.NotNull) {
      q.put("type", "library").put("metric", "nullValues").put("mustBe", 0).put("dimension", "completeness");
    } else if (r instanceof Rule.Unique u) {
      q.put("type", "library").put("metric", "duplicateValues").put("mustBe", 0).put("dimension", "uniqueness");
      if (u.columns().size() > 1) {
        ArrayNode cols = q.putObject("arguments").putArray("properties");
        u.columns().forEach(cols::add);
      }
    } else if (r instanceof Rule.AllowedValues a) {
      q.put("type", "library").put("metric", "invalidValues").put("mustBe", 0).put("dimension", "conformity");
      ArrayNode values = q.putObject("arguments").putArray("validValues");
      a.values().forEach(values::add);
    } else if (r instanceof Rule.RowCount c && c.min() != null && c.max() == null) {
      q.put("type", "library").put("metric", "rowCount").put("mustBeGreaterOrEqualTo", c.min()).put("dimension", "completeness");
    } else {
      q.put("type", "text");
    }
    q.put("description", RuleText.withoutSeverity(r));
    return q;
  }

  static String logicalType(String sparkType) {
    String t = sparkType.toLowerCase(Locale.ROOT);
    if (t.equals("string") || t.startsWith("varchar") || t.startsWith("char")) {
      return "string";
    }
    if (List.of("tinyint", "smallint", "int", "bigint").contains(t)) {
      return "integer";
    }
    if (t.equals("double") || t.equals("float") || t.startsWith("decimal")) {
      return "number";
    }
    if (t.equals("date")) {
      return "date";
    }
    if (t.startsWith("timestamp")) {
      return "timestamp";
    }
    if (t.equals("boolean")) {
      return "boolean";
    }
    if (t.startsWith("array")) {
      return "array";
    }
    return "object";
  }
}
