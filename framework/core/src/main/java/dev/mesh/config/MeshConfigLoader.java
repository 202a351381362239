package dev.mesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads {@code conf/mesh.conf} and every product declaration, once, into a {@link MeshConfig}. Every problem in
 * every file is collected and thrown together as a {@link dev.mesh.errors.ConfigException}.
 *
 * <p>Precedence, strongest first: {@code -Dmesh.*} system properties, {@code MESH_WAREHOUSE} / {@code MESH_ENV} /
 * {@code MESH_SQL_CHECK} / {@code MESH_CATALOG_URI} (the Iceberg catalog's URI) / {@code MESH_METASTORE_URI} (the
 * Hive metastore's Thrift URI) / {@code MESH_S3_ENDPOINT} (an S3-compatible store's endpoint),
 * the environment overlay {@code mesh.environments.<env>}, {@code conf/mesh.conf}, then {@code reference.conf}.
 */
public final class MeshConfigLoader {
  /** File names in conf directories that are not product declarations. */
  public static final Set<String> NON_PRODUCT_FILES = Set.of("mesh.conf", "domain.conf", "governance.conf");

  private final Path home;
  private final Map<String, String> env;
  private final Properties system;
  /** The source connectors' checks, found once per loader when the first declaration needs them. */
  private SourceChecks sourceChecks;

  public MeshConfigLoader(Path home, Map<String, String> env, Properties system) {
    this.home = home.toAbsolutePath().normalize();
    this.env = Map.copyOf(env);
    this.system = system;
  }

  /** A loader for this process: home from {@code -Dmesh.home} (set by bin/mesh) or the working directory. */
  public static MeshConfigLoader forProcess() {
    String home = System.getProperty("mesh.home", System.getenv().getOrDefault("MESH_HOME", "."));
    return new MeshConfigLoader(Path.of(home), System.getenv(), System.getProperties());
  }

  public Path home() {
    return home;
  }

  public MeshConfig load() {
    List<ConfigProblem> problems = new ArrayList<>();
    PlatformConfig platform = loadPlatform(problems);
    Map<ProductId, ProductDescriptor> products = new LinkedHashMap<>();
    dev.mesh.governance.PolicySet governance = null;
    if (platform != null) {
      loadProducts(platform, products, problems);
      governance = GovernanceParser.parse(governanceFile(), domainFiles(platform), problems);
      platform = platform.withAlerts(platform.alerts().withDomains(domainAlerts(platform, problems)));
    }
    if (!problems.isEmpty()) {
      // A file more than one reader takes in (a domain.conf: its products, its policies, its alerts) may give the same
      // problem to each: it is one problem, at one place.
      throw new dev.mesh.errors.ConfigException(new ArrayList<>(new java.util.LinkedHashSet<>(problems)));
    }
    return MeshConfig.of(platform, products, governance);
  }

  /** Only the platform settings (for commands that need no products). */
  public PlatformConfig loadPlatformOnly() {
    List<ConfigProblem> problems = new ArrayList<>();
    PlatformConfig p = loadPlatform(problems);
    if (!problems.isEmpty()) {
      throw new dev.mesh.errors.ConfigException(problems);
    }
    return p;
  }

  private Path meshConfFile() {
    String explicit = system.getProperty("mesh.conf", env.get("MESH_CONF"));
    return explicit != null ? home.resolve(explicit) : home.resolve("conf/mesh.conf");
  }

  /** {@code governance.conf} beside mesh.conf: the federated policies every product must follow. */
  private Path governanceFile() {
    Path dir = meshConfFile().getParent();
    return (dir != null ? dir : home).resolve("governance.conf");
  }

  /** Each {@code domain.conf} in the product directories, by domain (its directory's name). */
  private static Map<String, Path> domainFiles(PlatformConfig platform) {
    Map<String, Path> out = new java.util.TreeMap<>();
    for (Path dir : platform.productDirs()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(p -> p.getFileName().toString().equals("domain.conf"))
            .sorted()
            .forEach(p -> out.putIfAbsent(p.getParent().getFileName().toString(), p));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list domain declarations in " + dir, e);
      }
    }
    return out;
  }

  /** {@code domain.alerts { ... }} of each domain.conf: the domain's own alert routes. */
  private static Map<String, AlertsConfig.DomainRoutes> domainAlerts(PlatformConfig platform, List<ConfigProblem> problems) {
    Map<String, AlertsConfig.DomainRoutes> out = new java.util.TreeMap<>();
    for (Map.Entry<String, Path> e : domainFiles(platform).entrySet()) {
      Origin origin = new Origin(ConfigFiles.display(e.getValue().toString()), -1);
      try {
        Config c = ConfigFactory.parseFile(e.getValue().toFile()).resolve();
        if (c.hasPath("domain.alerts")) {
          ConfigReader domain = new ConfigReader(c.getConfig("domain"), "domain", origin, problems);
          ConfigReader a = domain.object("alerts");
          if (a != null) {
            out.put(e.getKey(), AlertsConfigParser.parseDomain(a, platform.alerts().channels().keySet()));
          }
        }
      } catch (ConfigException ex) {
        // Reported with the domain's other declarations.
      }
    }
    return out;
  }

  private PlatformConfig loadPlatform(List<ConfigProblem> problems) {
    Path file = meshConfFile();
    Origin origin = new Origin(ConfigFiles.display(file.toString()), -1);
    try {
      Config reference = ConfigFactory.parseResources(MeshConfigLoader.class.getClassLoader(), "reference.conf");
      Config fromFile =
          Files.isRegularFile(file)
              ? ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
              : ConfigFactory.empty();
      Config overrides = overrides();
      Config merged = overrides.withFallback(fromFile).withFallback(reference).resolve(ConfigResolveOptions.defaults());
      String environment = merged.getString("mesh.environment");
      Config withEnv = merged;
      if (merged.hasPath("mesh.environments." + environment)) {
        Config overlay = merged.getConfig("mesh.environments." + environment).atPath("mesh");
        withEnv = overrides.withFallback(overlay).withFallback(merged).resolve();
      } else if (!"local".equals(environment)) {
        problems.add(
            new ConfigProblem(origin, "mesh.environment", "no overlay mesh.environments." + environment + " is defined"));
      }
      return PlatformConfigParser.parse(
          withEnv.getConfig("mesh"), home, origin, extraProductDirs(), problems, this::sourceChecks);
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(ConfigReader.toOrigin(e.origin(), origin), "", cleanMessage(e)));
      return null;
    }
  }

  private Config overrides() {
    Map<String, Object> fromEnv = new HashMap<>();
    if (env.get("MESH_WAREHOUSE") != null) {
      fromEnv.put("mesh.warehouse", env.get("MESH_WAREHOUSE"));
    }
    if (env.get("MESH_ENV") != null) {
      fromEnv.put("mesh.environment", env.get("MESH_ENV"));
    }
    if (env.get("MESH_SQL_CHECK") != null) {
      fromEnv.put("mesh.sql-check", env.get("MESH_SQL_CHECK"));
    }
    // The catalog services of a shared deployment (bin/mesh stack env prints both for the local stack).
    if (env.get("MESH_CATALOG_URI") != null) {
      fromEnv.put("mesh.iceberg.uri", env.get("MESH_CATALOG_URI"));
    }
    if (env.get("MESH_S3_ENDPOINT") != null) {
      fromEnv.put("mesh.storage.s3.endpoint", env.get("MESH_S3_ENDPOINT"));
    }
    // PostgreSQL of a shared deployment: where product leases live when mesh.storage.leases.type = postgres.
    if (env.get("MESH_PG_URL") != null) {
      fromEnv.put("mesh.storage.leases.postgres.url", env.get("MESH_PG_URL"));
    }
    if (env.get("MESH_PG_USER") != null) {
      fromEnv.put("mesh.storage.leases.postgres.user", env.get("MESH_PG_USER"));
    }
    if (env.get("MESH_METASTORE_URI") != null) {
      fromEnv.put("mesh.spark.conf.\"spark.hadoop.hive.metastore.uris\"", env.get("MESH_METASTORE_URI"));
    }
    Config envConfig = ConfigFactory.parseMap(fromEnv, ConfigReader.FROM_ENVIRONMENT);
    Properties meshProps = new Properties();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("mesh.") && !name.equals("mesh.home") && !name.equals("mesh.conf")
          && !name.startsWith("mesh.project") && !isProcessSetting(name)) {
        meshProps.setProperty(name, system.getProperty(name));
      }
    }
    Config sys = ConfigFactory.parseProperties(
        meshProps, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription(ConfigReader.FROM_SYSTEM_PROPERTIES));
    return sys.withFallback(envConfig);
  }

  /**
   * {@code -Dmesh.*} properties that set up the process, not the platform: {@code mesh.verbose} (stack traces and
   * the libraries' log on stderr) and {@code mesh.log.*} (read by bin/log4j2.properties).
   */
  private static boolean isProcessSetting(String name) {
    return name.equals("mesh.verbose") || name.startsWith("mesh.log.");
  }

  private List<String> extraProductDirs() {
    String path = system.getProperty("mesh.conf-path", env.get("MESH_CONF_PATH"));
    if (path == null || path.isBlank()) {
      return List.of();
    }
    return Arrays.asList(path.split(File.pathSeparator));
  }

  private SourceChecks sourceChecks() {
    if (sourceChecks == null) {
      sourceChecks = SourceChecks.onClasspath();
    }
    return sourceChecks;
  }

  private void loadProducts(
      PlatformConfig platform, Map<ProductId, ProductDescriptor> products, List<ConfigProblem> problems) {
    ProductParser parser = new ProductParser(
        new SqlLocator(platform.home(), platform.sqlPath()), platform.sqlCheck() == PlatformConfig.SqlCheck.LOAD, this::sourceChecks);
    Map<ProductId, Origin> declaredAt = new HashMap<>();
    // Each directory's domain.conf, read once: its own problems are reported once, not once per product beside it.
    Map<Path, DomainDefaults> domains = new HashMap<>();
    // Products whose file has problems of its own: their readers are not told they do not exist.
    java.util.Set<ProductId> broken = new java.util.HashSet<>();
    for (Path dir : platform.productDirs()) {
      if (!Files.isDirectory(dir)) {
        problems.add(
            new ConfigProblem(
                new Origin(ConfigFiles.display(dir.toString()), -1),
                "mesh.products-path",
                "directory does not exist"));
        continue;
      }
      for (Path file : productFiles(dir)) {
        DomainDefaults domain = domains.computeIfAbsent(file.getParent(), d -> domainDefaults(d, problems));
        ProductDescriptor d = domain.unreadable() ? null : loadProduct(file, domain, parser, problems);
        if (d == null) {
          declaredId(file).ifPresent(broken::add);
          continue;
        }
        Origin previous = declaredAt.putIfAbsent(d.id(), d.origin());
        if (previous != null) {
          problems.add(
              new ConfigProblem(d.origin(), "product.id", "product " + d.id() + " is already declared at " + previous));
          continue;
        }
        products.put(d.id(), d);
      }
    }
    // An input that names no declared product is reported where the input is written.
    for (ProductDescriptor d : products.values()) {
      for (InputSpec in : d.inputs()) {
        if (in instanceof InputSpec.ProductInput p && !products.containsKey(p.product()) && !broken.contains(p.product())) {
          problems.add(
              new ConfigProblem(
                  d.originOf("inputs." + in.alias()),
                  "product.inputs." + in.alias(),
                  "names no declared product: " + p.product() + suggest(p.product(), d.id(), products.keySet())));
        }
      }
    }
  }

  /** A line that sets a product's id, as written before a syntax error further down: {@code id = sales.orders}. */
  private static final Pattern ID_LINE =
      Pattern.compile("^\\s*(?:product\\s*\\.\\s*)?id\\s*[=:]\\s*\"?([A-Za-z0-9_]+\\.[A-Za-z0-9_]+)\"?\\s*(?:(?:#|//).*)?$",
          Pattern.MULTILINE);

  /**
   * The id a product file declares: from the parsed file, or, when it does not parse, from the first line that sets an
   * id (a lost closing brace is reported once, at the file, not again at every product that reads it).
   */
  private static java.util.Optional<ProductId> declaredId(Path file) {
    try {
      Config c = ConfigFactory.parseFile(file.toFile());
      return java.util.Optional.of(ProductId.parse(c.getString("product.id")));
    } catch (RuntimeException e) {
      try {
        Matcher m = ID_LINE.matcher(Files.readString(file));
        return m.find() ? java.util.Optional.of(ProductId.parse(m.group(1))) : java.util.Optional.empty();
      } catch (IOException | RuntimeException unreadable) {
        return java.util.Optional.empty();
      }
    }
  }

  /** The close names of a missing input (the mesh's one notion of close, as the CLI suggests), the reader itself left out. */
  private static String suggest(ProductId missing, ProductId reader, Set<ProductId> known) {
    List<String> close =
        dev.mesh.errors.MeshErrors.similarIds(missing.toString(), known).stream().filter(k -> !k.equals(reader.toString())).toList();
    return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
  }

  private static List<Path> productFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".conf"))
          .filter(p -> !NON_PRODUCT_FILES.contains(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list product declarations in " + dir, e);
    }
  }

  private ProductDescriptor loadProduct(
      Path file, DomainDefaults domain, ProductParser parser, List<ConfigProblem> problems) {
    Origin fileOrigin = new Origin(ConfigFiles.display(file.toString()), -1);
    try {
      Config raw = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config domainDefaults = domain.config();
      Config resolved = raw.resolve();
      if (!resolved.hasPath("product")) {
        problems.add(
            new ConfigProblem(
                fileOrigin, "product", "no product { ... } block (every .conf here but mesh.conf, domain.conf and governance.conf declares one product)"));
        return null;
      }
      Config product = resolved.getConfig("product");
      if (domainDefaults != null) {
        product = product.withFallback(domainDefaults);
      }
      List<String> unknownTop = resolved.root().keySet().stream().filter(k -> !k.equals("product")).toList();
      for (String k : unknownTop) {
        problems.add(
            new ConfigProblem(
                ConfigReader.toOrigin(resolved.getValue(k).origin(), fileOrigin), k, "unknown key; a product file holds one product { ... } block"));
      }
      Origin productOrigin = ConfigReader.toOrigin(resolved.getValue("product").origin(), fileOrigin);
      int before = problems.size();
      ConfigReader reader = new ConfigReader(product, "product", productOrigin, problems);
      ProductDescriptor parsed = parser.parse(reader, file, problems);
      underDomainKeys(problems.subList(before, problems.size()), domain);
      return parsed;
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(ConfigReader.toOrigin(e.origin(), fileOrigin), "", cleanMessage(e)));
      return null;
    }
  }

  /** A value a product inherits from its domain.conf is wrong there, under the domain's key (domain.schedule). */
  private static void underDomainKeys(List<ConfigProblem> found, DomainDefaults domain) {
    if (domain.file() == null) {
      return;
    }
    found.replaceAll(
        p -> p.origin().file().equals(domain.file()) && p.key().startsWith("product.")
            ? new ConfigProblem(p.origin(), "domain." + p.key().substring("product.".length()), p.message())
            : p);
  }

  /**
   * The defaults a directory's {@code domain.conf} gives its products ({@code config} null without one); {@code file}
   * is the file as problems name it; {@code unreadable} when it does not parse, so its products are not read without it.
   */
  private record DomainDefaults(Config config, String file, boolean unreadable) {}

  /** {@code domain { owner, schedule, tags, ... }} of {@code domain.conf} in {@code dir}, as product keys. */
  private static DomainDefaults domainDefaults(Path dir, List<ConfigProblem> problems) {
    Path file = dir.resolve("domain.conf");
    if (!Files.isRegularFile(file)) {
      return new DomainDefaults(null, null, false);
    }
    Origin origin = new Origin(ConfigFiles.display(file.toString()), -1);
    Config c;
    try {
      c = ConfigFactory.parseFile(file.toFile()).resolve();
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(ConfigReader.toOrigin(e.origin(), origin), "", cleanMessage(e)));
      return new DomainDefaults(null, origin.file(), true);
    }
    if (!c.hasPath("domain")) {
      problems.add(new ConfigProblem(origin, "domain", "domain.conf must hold a domain { ... } block"));
      return new DomainDefaults(null, origin.file(), false);
    }
    Config d = c.getConfig("domain");
    Set<String> inherited = Set.of("owner", "schedule", "tags", "visibility", "retries");
    Set<String> allowed = Set.of("owner", "schedule", "tags", "visibility", "retries", "description", "policies", "alerts");
    for (String k : d.root().keySet()) {
      if (!allowed.contains(k)) {
        problems.add(
            new ConfigProblem(
                ConfigReader.toOrigin(d.getValue(k).origin(), origin),
                "domain." + k,
                "unknown key; allowed here: " + String.join(", ", allowed.stream().sorted().toList())));
      }
    }
    Config out = ConfigFactory.empty();
    for (String k : inherited) {
      if (d.hasPath(k)) {
        out = out.withValue(k, d.getValue(k));
      }
    }
    return new DomainDefaults(out, origin.file(), false);
  }

  /** Typesafe's message without the origin it starts with (the problem names it), in words a user acts on. */
  static String cleanMessage(ConfigException e) {
    String m = e.getMessage();
    // Typesafe prefixes messages with the origin, which the problem already shows.
    int idx = m.indexOf(": ");
    if (e.origin() != null && idx > 0 && m.startsWith(e.origin().description())) {
      m = m.substring(m.indexOf(": ", e.origin().description().length()) + 2);
    }
    // Typesafe's words for a lost closing brace (the parser was last in a value that could go on): say what it means.
    if (m.startsWith("expecting a close parentheses ')' here, not: end of file")) {
      m += " (the file ends before a '}' closes what a '{' opened)";
    }
    return m;
  }

  static Config withValue(Config c, String path, Object value) {
    return c.withValue(path, ConfigValueFactory.fromAnyRef(value));
  }
}
