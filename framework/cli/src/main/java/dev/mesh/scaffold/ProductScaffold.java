package dev.mesh.scaffold;

import dev.mesh.config.ConfigFiles;
import dev.mesh.config.MeshConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.AccessRefusal;
import dev.mesh.governance.OutputPorts;
import dev.mesh.governance.PiiMasking;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files of a new product, written so that it validates and runs as it is: its declaration (inputs, output, a
 * contract taken from its first input as this domain reads it, a freshness SLA and one error rule), a transform that
 * returns that input (SQL or a Java class), and, for a domain this mesh does not know yet, its {@code domain.conf}
 * and job module. Nothing is written here: {@link #plan} returns the files, {@code mesh new} writes them.
 */
public final class ProductScaffold {
  private static final Pattern HOCON_BARE = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern JAVA_PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
  /** The governance policy that asks for a description: the placeholder written without one is left to it. */
  public static final String DESCRIPTION_POLICY = "description";

  private static final String FIRST_DESCRIPTION = "What one row is and what it is for (20 characters at least)";

  /**
   * What the engineer asked for.
   *
   * @param inputs upstream products by alias, in the order given
   * @param description null to leave a placeholder the {@code description} policy refuses until it is written
   * @param team the owning team, required for a new domain (its {@code domain.conf}); for a known domain, set on the
   *     product itself when given
   * @param javaPackage the Java transform's package; null for the package of the domain's other Java transforms
   */
  public record Request(
      ProductId id,
      Map<String, ProductId> inputs,
      boolean java,
      String format,
      String description,
      String team,
      String contact,
      String javaPackage) {}

  /** One file to create, relative to the project home. */
  public record NewFile(Path path, String text, String what) {}

  /** Everything {@code mesh new} writes: new files, and the line {@code jobs/pom.xml} gains for a new job module. */
  public record Plan(List<NewFile> files, Optional<JobsModules.Edit> jobsPom, List<String> todo) {}

  private final MeshConfig config;
  private final Path home;

  public ProductScaffold(MeshConfig config) {
    this.config = config;
    this.home = config.platform().home().toAbsolutePath().normalize();
  }

  /** The files of {@code r}; a usage error (nothing written) when the request cannot become a valid product. */
  public Plan plan(Request r) {
    ProductId id = r.id();
    config.find(id).ifPresent(d -> {
      throw MeshErrors.usage("Product " + id + " is already declared at " + d.origin() + ".");
    });
    if (!List.of("delta", "iceberg").contains(r.format())) {
      throw MeshErrors.usage("--format must be delta or iceberg, got '" + r.format() + "'.");
    }
    if (blank(r.team()) != blank(r.contact())) {
      throw MeshErrors.usage("--owner and --contact go together: the team, and how consumers reach it (e-mail or URL).");
    }
    Map<String, ProductDescriptor> inputs = inputs(r);
    List<ProductDescriptor> siblings = config.all().stream().filter(d -> d.domain().equals(id.domain())).toList();
    Path confDir = siblings.isEmpty()
        ? home.relativize(config.platform().productDirs().get(0).toAbsolutePath().normalize()).resolve(id.domain())
        : home.relativize(Path.of(siblings.get(0).origin().file()).toAbsolutePath().normalize().getParent());
    boolean newDomain = siblings.isEmpty() && !Files.exists(home.resolve(confDir.resolve("domain.conf")));
    checkOwner(r, siblings, confDir.resolve("domain.conf"), newDomain);

    List<NewFile> files = new ArrayList<>();
    List<String> todo = new ArrayList<>();
    if (newDomain) {
      files.add(new NewFile(confDir.resolve("domain.conf"), domainConf(id.domain(), r.team(), r.contact()),
          "what the domain's products share: owner, tags"));
    }
    TransformFile transform = r.java() ? javaTransform(r, siblings, inputs) : sqlTransform(id, confDir, inputs);
    List<ColumnSpec> columns = inputs.isEmpty()
        ? List.of(new ColumnSpec("logical_date", "date", false, "The run's logical date", false))
        : readColumns(id.domain(), inputs.values().iterator().next());
    Path conf = confDir.resolve(id.name() + ".conf");
    files.add(new NewFile(conf, declaration(r, inputs, transform.line(), columns, !newDomain && !blank(r.team())), "its declaration"));
    files.add(transform.file());
    List<String> testPath = config.platform().testPath();
    if (!testPath.isEmpty()) {
      Path tests = Path.of(testPath.get(0).replace("{domain}", id.domain())).resolve(id.name() + ".conf");
      files.add(new NewFile(tests, testSource(id, inputs, columns), "its unit test (bin/mesh test " + id + ")"));
    }
    if (r.description() == null) {
      todo.add("describe it: description in " + shown(conf) + " (the governance policy '" + DESCRIPTION_POLICY + "' refuses it until then)");
    }

    Optional<JobsModules.Edit> pom = Optional.empty();
    Path modulePom = Path.of("jobs", id.domain(), "pom.xml");
    // A domain declared in this project builds its job jar here; one declared elsewhere (MESH_CONF_PATH) is built there.
    if (JobsModules.builtHere(home, confDir) && !Files.exists(home.resolve(modulePom))) {
      Optional<JobsModules> jobs = JobsModules.at(home);
      if (jobs.isPresent()) {
        files.add(new NewFile(modulePom, JobsModules.domainPom(jobs.get(), id.domain()),
            "the domain's job module (builds target/mesh-jobs-" + id.domain() + ".jar)"));
        pom = jobs.get().adding(id.domain());
      } else {
        todo.add("give domain " + id.domain() + " its job module by hand (README, \"A new domain\"): this project has no"
            + " jobs/pom.xml this command can read to list it in");
      }
    }
    for (NewFile f : files) {
      if (Files.exists(home.resolve(f.path()))) {
        throw MeshErrors.usage(shown(f.path()) + " exists already: nothing was written. Choose another name, or move the file away.");
      }
    }
    return new Plan(List.copyOf(files), pom, List.copyOf(todo));
  }

  /** The transform's file and the declaration's line that names it. */
  private record TransformFile(NewFile file, String line) {}

  /** The requested inputs, each a product this domain may read, by alias. */
  private Map<String, ProductDescriptor> inputs(Request r) {
    Map<String, ProductDescriptor> inputs = new LinkedHashMap<>();
    r.inputs().forEach((alias, upstream) -> {
      if (!HOCON_BARE.matcher(alias).matches()) {
        throw MeshErrors.usage("Input alias '" + alias + "' must be lower snake_case: it is the name the transform reads it by.");
      }
      ProductDescriptor d = config.product(upstream.toString());
      if (OutputPorts.readBy(d, r.id().domain()).isEmpty()) {
        throw MeshErrors.usage(
            "Input '" + alias + "' (" + upstream + ") " + AccessRefusal.scope(d) + "; " + r.id().domain()
                + " may not read it: " + AccessRefusal.fix(d, r.id().domain()) + ".");
      }
      inputs.put(alias, d);
    });
    return inputs;
  }

  /** Every product has an owner: a new domain's goes in its domain.conf; a domain that gives none needs the product's. */
  private void checkOwner(Request r, List<ProductDescriptor> siblings, Path domainConf, boolean newDomain) {
    if (newDomain && blank(r.team())) {
      throw MeshErrors.usage(
          "Domain " + r.id().domain() + " is new here: name its owner with --owner TEAM --contact EMAIL (they go in "
              + shown(domainConf) + ", for every product of the domain).");
    }
    boolean domainOwns = siblings.stream().anyMatch(d -> !d.originOf("owner").file().equals(d.origin().file()));
    if (!siblings.isEmpty() && !domainOwns && blank(r.team())) {
      throw MeshErrors.usage(
          "Products of domain " + r.id().domain() + " name their owner themselves (" + shown(domainConf) + " gives none): name "
              + r.id() + "'s with --owner TEAM --contact EMAIL.");
    }
  }

  private TransformFile javaTransform(Request r, List<ProductDescriptor> siblings, Map<String, ProductDescriptor> inputs) {
    ProductId id = r.id();
    String pkg = r.javaPackage() != null ? r.javaPackage() : packageOf(siblings).orElse("dev.mesh.jobs." + id.domain());
    if (!JAVA_PACKAGE.matcher(pkg).matches()) {
      throw MeshErrors.usage("--package must be a Java package name in lower case, got '" + pkg + "'.");
    }
    String cls = className(id.name());
    Path source = Path.of("jobs", id.domain(), "src", "main", "java").resolve(pkg.replace('.', '/')).resolve(cls + ".java");
    return new TransformFile(new NewFile(source, javaSource(id, pkg, cls, inputs), "its transform"), "transform.class = " + pkg + "." + cls);
  }

  private TransformFile sqlTransform(ProductId id, Path confDir, Map<String, ProductDescriptor> inputs) {
    Path file = sqlDir(id.domain(), confDir).resolve(id.name() + ".sql");
    return new TransformFile(new NewFile(file, sqlSource(id, inputs), "its transform"), "transform.sql = " + id.name() + ".sql");
  }

  /** Where the SQL goes: the first directory of {@code mesh.sql-path}, or next to the conf file when there is none. */
  private Path sqlDir(String domain, Path confDir) {
    List<String> sqlPath = config.platform().sqlPath();
    return sqlPath.isEmpty() ? confDir : Path.of(sqlPath.get(0).replace("{domain}", domain));
  }

  /** The upstream's columns as a reader of {@code domain} sees them: its port's when it reads the port. */
  private static List<ColumnSpec> readColumns(String domain, ProductDescriptor upstream) {
    boolean clear = OutputPorts.readBy(upstream, domain).orElseThrow().equals(OutputPorts.of(upstream).internal());
    List<ColumnSpec> seen = clear ? upstream.schema().columns() : PiiMasking.portColumns(upstream);
    // The contract of the new product: its columns as the input gives them; PII is the new owner's to declare.
    return seen.stream().map(c -> new ColumnSpec(c.name(), c.type(), c.nullable(), c.description(), false)).toList();
  }

  private static Optional<String> packageOf(List<ProductDescriptor> siblings) {
    return siblings.stream()
        .map(ProductDescriptor::transform)
        .filter(t -> t instanceof TransformSpec.JavaClass)
        .map(t -> ((TransformSpec.JavaClass) t).className())
        .filter(c -> c.contains("."))
        .map(c -> c.substring(0, c.lastIndexOf('.')))
        .sorted()
        .findFirst();
  }

  static String className(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString(); // a product's name starts with a letter (ProductId), so the class name does too
  }

  private static String domainConf(String domain, String team, String contact) {
    return "# The " + domain + " domain: what its products share (each product may set its own).\n"
        + "domain {\n"
        + "  owner { team = " + hocon(team) + ", contact = " + hocon(contact) + " }\n"
        + "  tags = [" + domain + "]\n"
        + "}\n";
  }

  private static String declaration(
      Request r, Map<String, ProductDescriptor> inputs, String transformLine, List<ColumnSpec> columns, boolean owner) {
    ProductId id = r.id();
    StringBuilder s = new StringBuilder();
    s.append("# Written by mesh new: shape the transform and this contract together, then bin/mesh validate --analyze.\n");
    s.append("product {\n");
    s.append("  id = ").append(id).append('\n');
    if (r.description() == null) {
      s.append("  description = \"\"  # TODO: ").append(FIRST_DESCRIPTION).append('\n');
    } else {
      s.append("  description = ").append(hocon(r.description())).append('\n');
    }
    s.append("  version = \"0.1.0\"\n");
    if (owner) {
      s.append("  owner { team = ").append(hocon(r.team())).append(", contact = ").append(hocon(r.contact())).append(" }\n");
    }
    s.append('\n');
    if (!inputs.isEmpty()) {
      s.append("  inputs {\n");
      inputs.forEach((alias, d) -> s.append("    ").append(alias).append(" = ").append(d.id()).append('\n'));
      s.append("  }\n");
    }
    s.append("  ").append(transformLine).append('\n');
    s.append("  output { format = ").append(r.format()).append(", mode = overwrite }\n\n");
    s.append(inputs.isEmpty()
        ? "  # The contract: the columns the transform returns.\n"
        : "  # The contract: the columns the transform returns, here those of " + inputs.values().iterator().next().id() + ".\n");
    s.append("  schema {\n");
    int width = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (ColumnSpec c : columns) {
      s.append("    ").append(c.name()).append(" ".repeat(width - c.name().length()))
          .append(" { type = ").append(hocon(c.type())).append(", nullable = ").append(c.nullable());
      if (c.description() != null && !c.description().isBlank()) {
        s.append(", description = ").append(hocon(c.description()));
      }
      s.append(" }\n");
    }
    s.append("  }\n\n");
    s.append("  sla {\n");
    s.append("    freshness = 26h\n");
    s.append("    rules = [\n");
    s.append("      { rule = row-count, min = 1 }  # add the rules that guard publication, e.g. { rule = unique, columns = [<key>] }\n");
    s.append("    ]\n");
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  private static String sqlSource(ProductId id, Map<String, ProductDescriptor> inputs) {
    StringBuilder s = new StringBuilder("-- ").append(id).append(": what this transform computes.\n");
    if (inputs.isEmpty()) {
      s.append("-- ${logical_date} is the run's logical date (a DATE literal); ${run_id} its run id.\n");
      s.append("SELECT ${logical_date} AS logical_date\n");
      return s.toString();
    }
    s.append("-- Inputs are read by alias: ");
    List<String> named = new ArrayList<>();
    inputs.forEach((alias, d) -> named.add(alias + " (" + d.id() + ")"));
    s.append(String.join(", ", named)).append(". ${logical_date} is the run's logical date (a DATE literal).\n");
    s.append("SELECT *\nFROM ").append(inputs.keySet().iterator().next()).append('\n');
    return s.toString();
  }

  /** A date for the unit test the scaffold writes: any date does, the transform as written reads it only as a value. */
  private static final String TEST_DATE = "2024-01-01";

  /**
   * A unit test the transform as written passes ({@code SELECT *} of the first input, or the logical date): a row with
   * one column of a simple type given and expected, for the engineer to grow with the transform.
   */
  private static String testSource(ProductId id, Map<String, ProductDescriptor> inputs, List<ColumnSpec> columns) {
    StringBuilder s = new StringBuilder();
    s.append("# Unit tests of ").append(id).append("'s transform: bin/mesh test ").append(id).append(" runs it on these rows alone.\n");
    s.append("# Each test gives rows for every input ({ column = value }; a column left out is null) and the rows the\n");
    s.append("# transform must produce for the date, in any order, compared on the columns they name (README: Testing a transform).\n");
    s.append("tests {\n");
    if (inputs.isEmpty()) {
      s.append("  returns-the-logical-date {\n");
      s.append("    date = ").append(TEST_DATE).append('\n');
      s.append("    expect = [ { logical_date = ").append(TEST_DATE).append(" } ]\n");
      s.append("  }\n}\n");
      return s.toString();
    }
    String first = inputs.keySet().iterator().next();
    Optional<String> row = columns.stream()
        .flatMap(c -> sampleValue(c.type()).map(v -> "{ " + c.name() + " = " + v + " }").stream())
        .findFirst();
    s.append("  returns-what-it-reads {\n");
    s.append("    date = ").append(TEST_DATE).append('\n');
    s.append("    given {\n");
    inputs.keySet().forEach(alias ->
        s.append("      ").append(alias).append(" = [").append(alias.equals(first) ? row.map(r -> " " + r + " ").orElse("") : "").append("]\n"));
    s.append("    }\n");
    s.append("    expect = [").append(row.map(r -> " " + r + " ").orElse("")).append("]\n");
    s.append("  }\n}\n");
    return s.toString();
  }

  /** A value of a column of this type, as HOCON, for the scaffold's test; none for a complex type. */
  private static Optional<String> sampleValue(String type) {
    String t = type.toLowerCase(java.util.Locale.ROOT);
    if (List.of("tinyint", "smallint", "int", "bigint").contains(t) || t.startsWith("decimal")) {
      return Optional.of("1");
    }
    return switch (t) {
      case "string" -> Optional.of("a");
      case "double", "float" -> Optional.of("1.5");
      case "boolean" -> Optional.of("true");
      case "date" -> Optional.of(TEST_DATE);
      case "timestamp", "timestamp_ntz" -> Optional.of("\"" + TEST_DATE + "T00:00:00\"");
      default -> Optional.empty();
    };
  }

  private static String javaSource(ProductId id, String pkg, String cls, Map<String, ProductDescriptor> inputs) {
    String body = inputs.isEmpty()
        ? "ctx.spark().sql(\"SELECT DATE'\" + ctx.logicalDate() + \"' AS logical_date\")"
        : "ctx.input(\"" + inputs.keySet().iterator().next() + "\")";
    return "package " + pkg + ";\n\n"
        + "import dev.mesh.api.Transform;\n"
        + "import dev.mesh.api.TransformContext;\n"
        + "import org.apache.spark.sql.Dataset;\n"
        + "import org.apache.spark.sql.Row;\n\n"
        + "/** " + id + ": what this transform computes" + (inputs.isEmpty() ? "" : ", from " + String.join(", ", inputs.keySet())) + ". */\n"
        + "public final class " + cls + " implements Transform {\n"
        + "  @Override\n"
        + "  public Dataset<Row> apply(TransformContext ctx) {\n"
        + "    return " + body + ";\n"
        + "  }\n"
        + "}\n";
  }

  /** A HOCON value: bare when it is a plain word, else the string as Typesafe Config quotes it. */
  static String hocon(String value) {
    if (HOCON_BARE.matcher(value).matches() && !List.of("true", "false", "null").contains(value)) {
      return value;
    }
    return com.typesafe.config.ConfigValueFactory.fromAnyRef(value).render(com.typesafe.config.ConfigRenderOptions.concise());
  }

  /** A path below the home as messages name files: relative to the working directory when below it. */
  private String shown(Path relative) {
    return ConfigFiles.display(home.resolve(relative).toString());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
