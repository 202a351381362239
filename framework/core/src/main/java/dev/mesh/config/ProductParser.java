package dev.mesh.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.AccessSpec;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.Owner;
import dev.mesh.model.PiiHandling;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.SchemaContract;
import dev.mesh.model.SlaSpec;
import dev.mesh.model.TableFormat;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.Visibility;
import dev.mesh.model.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;

/** Parses one {@code product { ... }} block into a {@link ProductDescriptor}, collecting every problem. */
final class ProductParser {
  /** Keys of a product block. Sections owned by later features are declared here too, so none is unknown. */
  static final Set<String> PRODUCT_KEYS =
      Set.of(
          "id",
          "owner",
          "description",
          "version",
          "inputs",
          "transform",
          "output",
          "schema",
          "sla",
          "schedule",
          "tags",
          "visibility",
          "consumers",
          "pii-clear-access",
          "deprecated-after",
          "retries");

  private static final Set<String> OWNER_KEYS = Set.of("team", "contact");
  private static final Set<String> TRANSFORM_KEYS = Set.of("sql", "class");
  private static final Set<String> OUTPUT_KEYS = Set.of("format", "mode", "partitioned-by", "merge-keys", "retention");
  private static final Set<String> COLUMN_KEYS = Set.of("type", "nullable", "description", "pii", "pii-handling");
  private static final Set<String> INPUT_KEYS = Set.of("product", "source");
  private static final Set<String> SOURCE_INPUT_KEYS = Set.of("source");
  private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");

  private final SqlLocator sqlLocator;
  private final boolean checkTransformsAtLoad;
  private final Supplier<SourceChecks> sources;

  /**
   * @param checkTransformsAtLoad whether a transform that cannot run (a SQL file not found or that does not parse, a
   *     class not on the classpath or not a {@code Transform}), or a source input no connector on the classpath reads
   *     (an unknown type, an option its connector does not declare), is a configuration problem now ({@code
   *     mesh.sql-check = load}) or only when the product runs ({@code run})
   * @param sources the connectors' checks, asked for only when {@code checkTransformsAtLoad}
   */
  ProductParser(SqlLocator sqlLocator, boolean checkTransformsAtLoad, Supplier<SourceChecks> sources) {
    this.sqlLocator = sqlLocator;
    this.checkTransformsAtLoad = checkTransformsAtLoad;
    this.sources = sources;
  }

  /** Returns the descriptor, or null when a problem prevents building one (the problems say why). */
  ProductDescriptor parse(ConfigReader p, Path file, List<ConfigProblem> problems) {
    int before = problems.size();
    p.rejectUnknownKeys(PRODUCT_KEYS);

    ProductId id = null;
    String idText = p.requiredString("id");
    if (idText != null) {
      try {
        id = ProductId.parse(idText);
        if (dev.mesh.governance.OutputPorts.isReservedDomainName(id.domain())) {
          p.problem("id", "domain '" + id.domain() + "' ends with " + dev.mesh.governance.OutputPorts.INTERNAL_SUFFIX + " or "
              + dev.mesh.governance.OutputPorts.SHARED_SUFFIX + ", which name the restricted namespaces of another domain: choose another domain name");
          id = null;
        }
      } catch (IllegalArgumentException e) {
        p.problem("id", e.getMessage());
      }
    }

    Owner owner = null;
    ConfigReader o = p.object("owner");
    if (o == null && !p.has("owner")) {
      p.problem("owner", "is required (team and contact), here or in the domain's domain.conf");
    } else if (o != null) {
      o.rejectUnknownKeys(OWNER_KEYS);
      owner = new Owner(o.requiredString("team"), o.requiredString("contact"));
    }

    String description = p.string("description", "");
    String version = p.requiredString("version");
    if (version != null && !SEMVER.matcher(version).matches()) {
      p.problem("version", "must be a semantic version such as 1.0.0, got '" + version + "'");
    }

    List<InputSpec> inputs = parseInputs(p, id);
    TransformSpec transform = parseTransform(p, id, file);
    DeclaredSchema declared = parseSchema(p);
    SchemaContract schema = declared.contract();
    OutputSpec output = parseOutput(p, declared);
    SlaSpec sla = new SlaParser().parse(p.object("sla"), inputs, declared);

    String schedule = p.string("schedule", null);
    if (schedule != null) {
      Schedules.cronProblem(schedule).ifPresent(problem -> p.problem("schedule", problem));
    }
    List<String> tags = p.stringList("tags");
    Integer retries = null;
    Long retriesValue = p.integer("retries", null);
    if (retriesValue != null) {
      if (retriesValue < 0 || retriesValue > 100) {
        p.problem("retries", "must be a whole number from 0 to 100 (retries of a failed run by the scheduler), got " + retriesValue);
      } else {
        retries = retriesValue.intValue();
      }
    }
    AccessSpec access = parseAccess(p);
    LocalDate deprecatedAfter = p.date("deprecated-after", null, "must be a date YYYY-MM-DD");

    if (problems.size() > before || id == null) {
      return null;
    }
    return new ProductDescriptor(
        id, owner, description, version, inputs, transform, output, schema, sla, schedule, tags, p.origin(), access,
        deprecatedAfter, retries, p.declaredAt());
  }

  private static AccessSpec parseAccess(ConfigReader p) {
    String text = p.string("visibility", "public");
    Visibility visibility = Visibility.fromLabel(text);
    if (visibility == null) {
      p.problem("visibility", "must be public, internal or private; got '" + text + "'");
      visibility = Visibility.PUBLIC;
    }
    List<String> consumers = p.stringList("consumers");
    List<String> clear = p.stringList("pii-clear-access");
    for (String key : List.of("consumers", "pii-clear-access")) {
      for (String domain : p.stringList(key)) {
        if (!ProductId.isValidPart(domain)) {
          p.problem(key, "'" + domain + "' is not a domain name (lower snake_case, e.g. finance)");
        }
      }
    }
    if (!consumers.isEmpty() && visibility != Visibility.INTERNAL) {
      p.problem("consumers", "only applies to visibility = internal (this product is " + visibility.label() + ")");
    }
    return new AccessSpec(visibility, consumers, clear);
  }

  private List<InputSpec> parseInputs(ConfigReader p, ProductId self) {
    List<InputSpec> inputs = new ArrayList<>();
    ConfigReader in = p.object("inputs");
    if (in == null) {
      return inputs;
    }
    for (Map.Entry<String, ConfigValue> e : in.entriesInFileOrder()) {
      String alias = e.getKey();
      if (!alias.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        in.problem(quote(alias), "input alias must be a SQL identifier (letters, digits, _)");
        continue;
      }
      ConfigValue v = e.getValue();
      if (v.valueType() == ConfigValueType.STRING) {
        ProductId upstream = productRef(in, alias, (String) v.unwrapped(), self);
        if (upstream != null) {
          inputs.add(new InputSpec.ProductInput(alias, upstream));
        }
        continue;
      }
      ConfigReader i = in.object(alias);
      if (i == null) {
        continue;
      }
      if (i.has("product") == i.has("source")) {
        i.problem("", "an input names either a product (product = <domain>.<name>) or a source (source = <type>)");
        continue;
      }
      if (i.has("product")) {
        i.rejectUnknownKeys(INPUT_KEYS);
        ProductId upstream = productRef(i, "product", i.string("product", ""), self);
        if (upstream != null) {
          inputs.add(new InputSpec.ProductInput(alias, upstream));
        }
      } else {
        Map<String, String> options = i.texts(Set.of("source"));
        String type = i.string("source", "");
        if (checkTransformsAtLoad && sources.get().checkType(i, "source", type)) {
          sources.get().checkOptions(i, type, SOURCE_INPUT_KEYS);
        }
        inputs.add(new InputSpec.SourceInput(alias, type, options));
      }
    }
    return inputs;
  }

  private static ProductId productRef(ConfigReader r, String key, String text, ProductId self) {
    try {
      ProductId id = ProductId.parse(text);
      if (id.equals(self)) {
        r.problem(key, "a product cannot read itself");
        return null;
      }
      return id;
    } catch (IllegalArgumentException e) {
      r.problem(key, e.getMessage());
      return null;
    }
  }

  private TransformSpec parseTransform(ConfigReader p, ProductId id, Path file) {
    ConfigReader t = p.object("transform");
    if (t == null) {
      if (!p.has("transform")) {
        p.problem("transform", "is required: transform.sql = <file.sql> or transform.class = <Java class>");
      }
      return null;
    }
    t.rejectUnknownKeys(TRANSFORM_KEYS);
    if (t.has("sql") && t.has("class")) {
      p.problem(
          "transform",
          "declare either transform.sql or transform.class, not both (sql at line "
              + t.originOf("sql").line()
              + ", class at line "
              + t.originOf("class").line()
              + ")");
      return null;
    }
    if (!t.has("sql") && !t.has("class")) {
      p.problem("transform", "declare transform.sql = <file.sql> or transform.class = <Java class>");
      return null;
    }
    if (t.has("class")) {
      String cls = t.string("class", "");
      if (!cls.matches("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*")) {
        t.problem("class", "is not a Java class name: '" + cls + "'");
      } else if (checkTransformsAtLoad) {
        String problem = TransformChecks.classProblem(cls, id == null ? null : id.domain());
        if (problem != null) {
          t.problem("class", problem);
        }
      }
      return new TransformSpec.JavaClass(cls);
    }
    String sql = t.string("sql", "");
    if (id == null) {
      return new TransformSpec.SqlFile(sql, null, t.originOf("sql"));
    }
    SqlLocator.Located located = sqlLocator.locate(id.domain(), sql, file.getParent());
    if (checkTransformsAtLoad) {
      if (located.path() == null && !located.onClasspath()) {
        t.problem(
            "sql",
            "file '" + sql + "' not found; looked in " + String.join(", ", located.searched())
                + " (a job jar that carries another domain's SQL only: set MESH_SQL_CHECK=run)");
      } else {
        String where =
            located.path() != null
                ? ConfigFiles.display(located.path().toString())
                : "classpath:" + SqlLocator.classpathResource(id.domain(), sql);
        String problem;
        try {
          problem = TransformChecks.sqlProblem(readSql(located, id.domain(), sql));
        } catch (IOException e) {
          problem = "cannot be read: " + e.getMessage();
        }
        if (problem != null) {
          t.problem("sql", where + " " + problem);
        }
      }
    }
    return new TransformSpec.SqlFile(sql, located.path(), t.originOf("sql"));
  }

  /** The text of a SQL transform that was found, from its file or the classpath. */
  private static String readSql(SqlLocator.Located located, String domain, String file) throws IOException {
    if (located.path() != null) {
      return Files.readString(located.path(), StandardCharsets.UTF_8);
    }
    String resource = SqlLocator.classpathResource(domain, file);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = (loader != null ? loader : ProductParser.class.getClassLoader()).getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource " + resource + " is gone");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private DeclaredSchema parseSchema(ConfigReader p) {
    List<ColumnSpec> columns = new ArrayList<>();
    ConfigReader s = p.object("schema");
    if (s == null) {
      if (!p.has("schema")) {
        p.problem("schema", "is required: the columns the product promises, e.g. schema { id { type = bigint } }");
      }
      return new DeclaredSchema(new SchemaContract(columns), Set.of());
    }
    Set<String> declared = new java.util.HashSet<>();
    for (Map.Entry<String, ConfigValue> e : s.entriesInFileOrder()) {
      String name = e.getKey();
      declared.add(name);
      String type;
      boolean nullable = true;
      String description = "";
      boolean pii = false;
      PiiHandling handling = null;
      if (e.getValue().valueType() == ConfigValueType.STRING) {
        type = (String) e.getValue().unwrapped();
      } else {
        ConfigReader c = s.object(quote(name));
        if (c == null) {
          continue;
        }
        c.rejectUnknownKeys(COLUMN_KEYS);
        type = c.requiredString("type");
        nullable = c.bool("nullable", true);
        description = c.string("description", "");
        pii = c.bool("pii", false);
        String h = c.string("pii-handling", null);
        if (h != null) {
          handling = PiiHandling.fromLabel(h);
          if (handling == null) {
            c.problem("pii-handling", "must be mask, hash or drop; got '" + h + "'");
          } else if (!pii) {
            c.problem("pii-handling", "only applies to a column with pii = true");
          }
        }
      }
      if (type != null) {
        String normalized = normalizeType(type);
        if (normalized == null) {
          s.problem(quote(name) + (e.getValue().valueType() == ConfigValueType.STRING ? "" : ".type"),
              "unknown Spark SQL type '" + type + "' (e.g. string, bigint, int, double, date, timestamp, decimal(18,2))");
        } else {
          columns.add(new ColumnSpec(name, normalized, nullable, description, pii, handling));
        }
      }
    }
    return new DeclaredSchema(new SchemaContract(columns), declared);
  }

  /** The canonical Spark spelling of a type (e.g. {@code long -> bigint}); null when Spark cannot parse it. */
  static String normalizeType(String type) {
    try {
      return DataType.fromDDL(type).sql().toLowerCase(Locale.ROOT);
    } catch (Exception e) {
      // Spark throws its ParseException (a checked exception, undeclared from Scala) for unknown type names.
      return null;
    }
  }

  private OutputSpec parseOutput(ConfigReader p, DeclaredSchema declared) {
    ConfigReader o = p.object("output");
    if (o == null) {
      if (!p.has("output")) {
        p.problem("output", "is required, e.g. output { format = delta, mode = overwrite }");
      }
      return null;
    }
    o.rejectUnknownKeys(OUTPUT_KEYS);
    String formatText = o.requiredString("format");
    TableFormat format = null;
    if (formatText != null) {
      try {
        format = TableFormat.valueOf(formatText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        o.problem("format", "must be delta or iceberg, got '" + formatText + "'");
      }
    }
    String modeText = o.string("mode", "overwrite");
    WriteMode mode = WriteMode.fromLabel(modeText);
    if (mode == null) {
      o.problem("mode", "must be one of overwrite, append, merge, overwrite-partitions; got '" + modeText + "'");
    }
    List<String> partitionedBy = o.stringList("partitioned-by");
    List<String> mergeKeys = o.stringList("merge-keys");
    if (mode == WriteMode.MERGE && mergeKeys.isEmpty()) {
      o.problem("merge-keys", "is required when mode = merge: the columns that identify a row");
    }
    if (mode != WriteMode.MERGE && !mergeKeys.isEmpty()) {
      o.problem("merge-keys", "only applies to mode = merge");
    }
    if (mode == WriteMode.OVERWRITE_PARTITIONS && partitionedBy.isEmpty()) {
      o.problem("partitioned-by", "is required when mode = overwrite-partitions");
    }
    for (String c : partitionedBy) {
      if (declared.lacks(c)) {
        o.problem("partitioned-by", declared.notDeclared(c));
      }
    }
    for (String c : mergeKeys) {
      if (declared.lacks(c)) {
        o.problem("merge-keys", declared.notDeclared(c));
      }
    }
    // The output port is written with the same mode: its keys must survive the PII handling (a hash does, equal
    // values hashing equal; a mask or a drop does not).
    checkPortKeys(o, "partitioned-by", partitionedBy, declared.contract());
    checkPortKeys(o, "merge-keys", mergeKeys, declared.contract());
    java.time.Duration retention = o.duration("retention", null);
    if (retention != null && retention.isNegative()) {
      o.problem("retention", "must be a duration of 0 or more, e.g. 90d or 36h");
      retention = null;
    }
    if (format == null || mode == null) {
      return null;
    }
    return new OutputSpec(format, mode, partitionedBy, mergeKeys, retention);
  }

  private static void checkPortKeys(ConfigReader o, String key, List<String> columns, SchemaContract schema) {
    for (String c : columns) {
      schema.column(c).filter(ColumnSpec::pii).filter(col -> col.piiHandling() != dev.mesh.model.PiiHandling.HASH).ifPresent(
          col -> o.problem(key, "column '" + c + "' is PII with pii-handling = "
              + (col.piiHandling() == null ? "(none)" : col.piiHandling().label())
              + ": the output port, written with the same mode, would lose it. Use pii-handling = hash, or another column"));
    }
  }

  static String quote(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
  }
}
