package dev.mesh.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import dev.mesh.runtime.ContractCheck;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds OpenLineage 2-0-2 run events as JSON. Every field name and schema URL of the events is written here and
 * nowhere else (we do not use openlineage-java: its Jackson clashes with Spark's).
 *
 * <p>Placement follows each facet's schema: dataset facets in {@code facets}, output statistics in
 * {@code outputFacets}, input facets in {@code inputFacets}. The product's quality metrics go on its output in the
 * dataset-facet form; metrics and assertions in their input-facet forms go on the quality check's own events
 * ({@link #qualityCheck}).
 */
public final class OpenLineageEvents {
  public static final String SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  public static final String PRODUCER = "https://github.com/mesh-data/mesh/tree/0.1.0";
  private static final String FACETS = "https://openlineage.io/spec/facets/";
  /** mesh's own run facet for warnings: framework/core/src/main/resources/openlineage/MeshWarningsRunFacet.json. */
  public static final String WARNINGS_FACET =
      PRODUCER + "/framework/core/src/main/resources/openlineage/MeshWarningsRunFacet.json#/$defs/MeshWarningsRunFacet";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("^([a-z-]+)\\((.*)\\)$");

  private final String jobNamespace;
  private final String sparkVersion;

  public OpenLineageEvents(String jobNamespace, String sparkVersion) {
    this.jobNamespace = jobNamespace;
    this.sparkVersion = sparkVersion;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A dataset as OpenLineage names it: physical namespace and name, plus the product id as a symlink. */
  public record DatasetRef(String namespace, String name, ProductId product) {

    /** Follows OpenLineage's naming: {@code file} + absolute path, or {@code scheme://authority} + path. */
    public static DatasetRef ofLocation(String location, ProductId product) {
      Matcher m = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(//([^/]*))?(.*)$").matcher(location);
      if (!m.matches() || "file".equals(m.group(1))) {
        String path = m.matches() ? m.group(4) : location;
        return new DatasetRef("file", path.startsWith("/") ? path : "/" + path, product);
      }
      String scheme = m.group(1).startsWith("s3") ? "s3" : m.group(1);
      String authority = m.group(3) == null ? "" : m.group(3);
      String path = m.group(4);
      return new DatasetRef(scheme + "://" + authority, scheme.equals("s3") || scheme.equals("gs") ? strip(path) : path, product);
    }

    private static String strip(String path) {
      return path.startsWith("/") ? path.substring(1) : path;
    }
  }

  /** An input as seen by one run: its dataset, the version read (null for a source) and its schema. */
  public record InputRef(String alias, DatasetRef dataset, Long version, StructType schema) {}

  /** The START event: declared inputs and the output with its contract, before anything is read. */
  public ObjectNode start(
      String runId, ProductDescriptor product, LocalDate logicalDate, Instant at, List<InputRef> inputs, DatasetRef output) {
    ObjectNode e = event("START", runId, product, logicalDate, at);
    ArrayNode in = e.putArray("inputs");
    for (InputRef i : inputs) {
      in.add(inputDataset(i, false));
    }
    outputDataset(e, product, output);
    return e;
  }

  /** The event's one output (the product's table) with the facets START and the end event share. */
  private ObjectNode outputDataset(ObjectNode e, ProductDescriptor product, DatasetRef output) {
    ObjectNode out = e.putArray("outputs").addObject();
    dataset(out, output);
    ObjectNode facets = out.putObject("facets");
    facets.set("schema", contractSchema(product));
    facets.set("ownership", ownership(product, "OwnershipDatasetFacet", "1-0-1"));
    documentation(facets, product, "DocumentationDatasetFacet");
    symlinks(facets, output);
    return out;
  }

  /** The COMPLETE (published) or FAIL event, with versions, column lineage, statistics and quality. */
  public ObjectNode finish(
      String runId,
      ProductDescriptor product,
      LocalDate logicalDate,
      Instant at,
      boolean succeeded,
      String error,
      List<InputRef> inputs,
      DatasetRef output,
      DatasetRef port,
      Long outputVersion,
      long rowsWritten,
      List<ColumnLineage> columns,
      QualityReport quality,
      List<String> warnings) {
    ObjectNode e = event(succeeded ? "COMPLETE" : "FAIL", runId, product, logicalDate, at);
    if (!warnings.isEmpty()) {
      // A custom facet (OpenLineage has no standard one for warnings), with its schema in this repository.
      ObjectNode w = facet(WARNINGS_FACET);
      ArrayNode list = w.putArray("warnings");
      warnings.forEach(list::add);
      ((ObjectNode) e.get("run").get("facets")).set("mesh_warnings", w);
    }
    if (!succeeded) {
      ObjectNode err = facet(FACETS + "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
      err.put("message", error == null ? "the run failed" : error).put("programmingLanguage", "JAVA");
      ((ObjectNode) e.get("run").get("facets")).set("errorMessage", err);
    }
    Map<String, InputRef> byAlias = new LinkedHashMap<>();
    ArrayNode in = e.putArray("inputs");
    for (InputRef i : inputs) {
      byAlias.put(i.alias(), i);
      in.add(inputDataset(i, true));
    }
    ObjectNode out = outputDataset(e, product, output);
    ObjectNode facets = (ObjectNode) out.get("facets");
    if (port != null && succeeded) {
      // The output port, written after the clear table with PII handled: what other domains read.
      ObjectNode p = ((ArrayNode) e.get("outputs")).addObject();
      dataset(p, port);
      ObjectNode portFacets = p.putObject("facets");
      portFacets.set("ownership", ownership(product, "OwnershipDatasetFacet", "1-0-1"));
      symlinks(portFacets, port);
    }
    if (!columns.isEmpty()) {
      facets.set("columnLineage", columnLineage(columns, byAlias));
    }
    if (outputVersion != null) {
      ObjectNode v = facet(FACETS + "1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
      v.put("datasetVersion", String.valueOf(outputVersion));
      facets.set("version", v);
    }
    if (quality != null && !quality.outcomes().isEmpty()) {
      facets.set(
          "dataQualityMetrics",
          metrics(quality, succeeded ? rowsWritten : null, "1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet"));
    }
    if (succeeded) {
      ObjectNode stats =
          facet(FACETS + "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet");
      stats.put("rowCount", rowsWritten);
      out.putObject("outputFacets").set("outputStatistics", stats);
    }
    return e;
  }

  private ObjectNode event(String type, String runId, ProductDescriptor product, LocalDate logicalDate, Instant at) {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("eventType", type);
    e.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(at));
    e.put("producer", PRODUCER);
    e.put("schemaURL", SPEC + "#/$defs/RunEvent");
    ObjectNode run = e.putObject("run");
    run.put("runId", runId);
    ObjectNode runFacets = run.putObject("facets");
    if (logicalDate != null) {
      ObjectNode nominal = facet(FACETS + "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet");
      nominal.put("nominalStartTime", DateTimeFormatter.ISO_INSTANT.format(logicalDate.atStartOfDay().toInstant(ZoneOffset.UTC)));
      nominal.put("nominalEndTime", DateTimeFormatter.ISO_INSTANT.format(logicalDate.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
      runFacets.set("nominalTime", nominal);
    }
    ObjectNode engine = facet(FACETS + "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet");
    engine.put("version", sparkVersion).put("name", "spark").put("openlineageAdapterVersion", "mesh-0.1.0");
    runFacets.set("processing_engine", engine);
    ObjectNode job = e.putObject("job");
    job.put("namespace", jobNamespace).put("name", product.id().toString());
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = facet(FACETS + "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet");
    jobType.put("processingType", "BATCH").put("integration", "MESH").put("jobType", "DATA_PRODUCT");
    jobFacets.set("jobType", jobType);
    jobFacets.set("ownership", ownership(product, "OwnershipJobFacet", "1-0-1"));
    documentation(jobFacets, product, "DocumentationJobFacet");
    return e;
  }

  private ObjectNode inputDataset(InputRef i, boolean withVersion) {
    ObjectNode d = MAPPER.createObjectNode();
    dataset(d, i.dataset());
    ObjectNode facets = d.putObject("facets");
    if (i.schema() != null) {
      facets.set("schema", sparkSchema(i.schema()));
    }
    if (withVersion && i.version() != null) {
      ObjectNode v = facet(FACETS + "1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
      v.put("datasetVersion", String.valueOf(i.version()));
      facets.set("version", v);
    }
    symlinks(facets, i.dataset());
    return d;
  }

  private static void dataset(ObjectNode node, DatasetRef ref) {
    node.put("namespace", ref.namespace()).put("name", ref.name());
  }

  private void symlinks(ObjectNode facets, DatasetRef ref) {
    if (ref.product() == null) {
      return;
    }
    ObjectNode s = facet(FACETS + "1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet");
    s.putArray("identifiers").addObject().put("namespace", jobNamespace).put("name", ref.product().toString()).put("type", "TABLE");
    facets.set("symlinks", s);
  }

  private static ObjectNode contractSchema(ProductDescriptor product) {
    ObjectNode s = facet(FACETS + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    ArrayNode fields = s.putArray("fields");
    int position = 1;
    for (ColumnSpec c : product.schema().columns()) {
      ObjectNode f = fields.addObject().put("name", c.name()).put("type", c.type());
      if (c.description() != null && !c.description().isBlank()) {
        f.put("description", c.description());
      }
      f.put("ordinal_position", position++);
    }
    return s;
  }

  private static ObjectNode sparkSchema(StructType schema) {
    ObjectNode s = facet(FACETS + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    ArrayNode fields = s.putArray("fields");
    int position = 1;
    for (StructField f : schema.fields()) {
      fields.addObject().put("name", f.name()).put("type", f.dataType().sql().toLowerCase(java.util.Locale.ROOT)).put("ordinal_position", position++);
    }
    return s;
  }

  private static ObjectNode ownership(ProductDescriptor product, String facet, String version) {
    ObjectNode o = facet(FACETS + version + "/" + facet + ".json#/$defs/" + facet);
    ArrayNode owners = o.putArray("owners");
    if (product.owner() != null) {
      owners.addObject().put("name", "team:" + product.owner().team()).put("type", "OWNER");
      if (product.owner().contact() != null && !product.owner().contact().isBlank()) {
        owners.addObject().put("name", "email:" + product.owner().contact()).put("type", "CONTACT");
      }
    }
    return o;
  }

  private static void documentation(ObjectNode facets, ProductDescriptor product, String facet) {
    if (product.description() == null || product.description().isBlank()) {
      return;
    }
    ObjectNode d = facet(FACETS + "1-1-0/" + facet + ".json#/$defs/" + facet);
    d.put("description", product.description());
    facets.set("documentation", d);
  }

  private static ObjectNode columnLineage(List<ColumnLineage> columns, Map<String, InputRef> inputs) {
    ObjectNode c = facet(FACETS + "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    ObjectNode fields = c.putObject("fields");
    for (ColumnLineage l : columns) {
      InputRef in = inputs.get(l.inputAlias());
      if (in == null) {
        continue;
      }
      ObjectNode field = fields.has(l.outputColumn()) ? (ObjectNode) fields.get(l.outputColumn()) : fields.putObject(l.outputColumn());
      ArrayNode from = field.has("inputFields") ? (ArrayNode) field.get("inputFields") : field.putArray("inputFields");
      ObjectNode f = from.addObject();
      f.put("namespace", in.dataset().namespace()).put("name", in.dataset().name()).put("field", l.inputColumn());
      f.putArray("transformations").addObject().put("type", l.kind().name()).put("subtype", l.subtype());
    }
    return c;
  }

  /** The dataset-facet form of data-quality metrics: row count and per-column metrics the rules measured. */
  private static ObjectNode metrics(QualityReport quality, Long rows, String schema) {
    ObjectNode m = facet(FACETS + schema);
    Long rowCount = rows;
    Map<String, Double> completeness = new HashMap<>();
    ObjectNode columns = MAPPER.createObjectNode();
    for (RuleOutcome o : quality.outcomes()) {
      if (o.value() == null || o.metric() == null) {
        continue;
      }
      if (o.metric().equals("row-count")) {
        rowCount = Math.round(o.value());
        continue;
      }
      Matcher mm = METRIC.matcher(o.metric());
      if (!mm.matches() || mm.group(2).contains(",") || mm.group(2).contains(" ")) {
        continue;
      }
      String column = mm.group(2);
      switch (mm.group(1)) {
        case "completeness" -> completeness.put(column, o.value());
        case "min" -> column(columns, column).put("min", o.value());
        case "max" -> column(columns, column).put("max", o.value());
        case "sum" -> column(columns, column).put("sum", o.value());
        case "distinct-count", "approx-distinct-count" -> column(columns, column).put("distinctCount", Math.round(o.value()));
        default -> {}
      }
    }
    if (rowCount != null) {
      m.put("rowCount", rowCount);
      for (Map.Entry<String, Double> c : completeness.entrySet()) {
        column(columns, c.getKey()).put("nullCount", Math.round((1 - c.getValue()) * rowCount));
      }
    }
    m.set("columnMetrics", columns);
    return m;
  }

  private static ObjectNode column(ObjectNode columns, String name) {
    return columns.has(name) ? (ObjectNode) columns.get(name) : columns.putObject(name);
  }

  /**
   * The quality check of a run as OpenLineage models tests (as dbt and Great Expectations do): a child job
   * {@code <product>.quality}, whose run has the product's run as parent and reads the product's dataset, with the
   * rules' metrics and assertions as input facets, the only place their schemas admit them. Returns its START and
   * COMPLETE (or FAIL, when an error rule failed) events.
   */
  public List<ObjectNode> qualityCheck(
      String runId, ProductDescriptor product, LocalDate logicalDate, Instant at, DatasetRef output, Long outputVersion,
      Long rows, QualityReport quality) {
    String checkRunId = java.util.UUID.nameUUIDFromBytes((runId + "/quality").getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    List<ObjectNode> out = new java.util.ArrayList<>();
    for (String type : List.of("START", quality.blocksPublication() ? "FAIL" : "COMPLETE")) {
      ObjectNode e = event(type, checkRunId, product, logicalDate, at);
      ObjectNode job = (ObjectNode) e.get("job");
      job.put("name", product.id() + ".quality");
      ((ObjectNode) job.get("facets").get("jobType")).put("jobType", "QUALITY_CHECK");
      ObjectNode parent = facet(FACETS + "1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet");
      parent.putObject("run").put("runId", runId);
      parent.putObject("job").put("namespace", jobNamespace).put("name", product.id().toString());
      ((ObjectNode) e.get("run").get("facets")).set("parent", parent);
      ObjectNode in = e.putArray("inputs").addObject();
      dataset(in, output);
      ObjectNode facets = in.putObject("facets");
      symlinks(facets, output);
      if (outputVersion != null) {
        ObjectNode v = facet(FACETS + "1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
        v.put("datasetVersion", String.valueOf(outputVersion));
        facets.set("version", v);
      }
      if (!"START".equals(type)) {
        ObjectNode inputFacets = in.putObject("inputFacets");
        inputFacets.set(
            "dataQualityMetrics",
            metrics(quality, rows, "1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet"));
        inputFacets.set("dataQualityAssertions", assertions(product, quality));
      }
      e.putArray("outputs");
      out.add(e);
    }
    return out;
  }

  /** Every rule's outcome as an assertion: success means the rule found no issue. */
  private static ObjectNode assertions(ProductDescriptor product, QualityReport quality) {
    ObjectNode a = facet(FACETS + "1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet");
    Map<String, Rule> rules = new HashMap<>();
    product.sla().rules().forEach(r -> rules.put(r.name(), r));
    ContractCheck.notNullRules(product.schema()).forEach(r -> rules.putIfAbsent(r.name(), r));
    ArrayNode list = a.putArray("assertions");
    for (RuleOutcome o : quality.outcomes()) {
      ObjectNode n = list.addObject();
      n.put("assertion", o.kind()).put("success", o.status() == RuleStatus.PASSED);
      String column = column(rules.get(o.rule()));
      if (column != null) {
        n.put("column", column);
      }
      n.put("severity", o.severity().label()).put("name", o.rule());
      if (o.threshold() != null) {
        n.put("expected", o.threshold());
      }
      if (o.value() != null) {
        n.put("actual", format(o.value()));
      }
      if (o.message() != null && !o.message().isBlank()) {
        n.put("description", o.message());
      }
    }
    return a;
  }

  private static String column(Rule r) {
    if (r == null) {
      return null;
    }
    if (r instanceof Rule.Completeness c) {
      return c.column();
    } else if (r instanceof Rule.NotNull c) {
      return c.column();
    } else if (r instanceof Rule.AllowedValues c) {
      return c.column();
    } else if (r instanceof Rule.Range c) {
      return c.column();
    } else if (r instanceof Rule.Pattern c) {
      return c.column();
    } else if (r instanceof Rule.ReferentialIntegrity c) {
      return c.column();
    } else if (r instanceof Rule.Anomaly c) {
      return c.column();
    } else if (r instanceof Rule.Unique u && u.columns().size() == 1) {
      return u.columns().get(0);
    }
    return null;
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static ObjectNode facet(String schemaUrl) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("_producer", PRODUCER);
    f.put("_schemaURL", schemaUrl);
    return f;
  }
}
