package dev.mesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.Origin;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Turns the resolved {@code mesh} block into a {@link PlatformConfig}, reporting every problem. */
final class PlatformConfigParser {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "environment",
          "warehouse",
          "delta-root",
          "metastore",
          "catalog-tables",
          "iceberg",
          "products-path",
          "sql-path",
          "test-path",
          "spark",
          "sources",
          "parallelism",
          "environments",
          "lineage",
          "governance",
          "orchestration",
          "sql-check",
          "storage",
          "alerts");
  private static final Set<String> ICEBERG_KEYS = Set.of("name", "type", "warehouse", "uri", "properties");
  private static final Set<String> SPARK_KEYS = Set.of("master", "app-name", "conf");
  private static final Set<String> ICEBERG_TYPES = Set.of("hadoop", "jdbc", "rest", "hive");
  private static final Set<String> STORAGE_KEYS = Set.of("s3", "leases", "retention");
  private static final Set<String> LEASE_KEYS = Set.of("type", "postgres");
  private static final Set<String> LEASE_PG_KEYS = Set.of("url", "user", "password-env");
  private static final Set<String> S3_KEYS = Set.of("endpoint", "path-style-access");
  private static final Set<String> LINEAGE_KEYS = Set.of("transport", "path", "url", "namespace", "timeout");

  private PlatformConfigParser() {}

  static PlatformConfig parse(
      Config mesh, Path home, Origin origin, List<String> extraProductDirs, List<ConfigProblem> problems,
      Supplier<SourceChecks> sourceChecks) {
    ConfigReader r = new ConfigReader(mesh, "mesh", origin, problems);
    r.rejectUnknownKeys(TOP_KEYS);

    String warehouse = location(home, r.string("warehouse", "warehouse"));
    String deltaRoot = r.string("delta-root", "");
    deltaRoot = deltaRoot.isBlank() ? warehouse + "/delta" : location(home, deltaRoot);
    String metastore = r.string("metastore", "in-memory");
    if (!Set.of("in-memory", "hive").contains(metastore)) {
      r.problem("metastore", "must be in-memory or hive, got '" + metastore + "'");
    }

    IcebergCatalogConfig iceberg = null;
    ConfigReader ice = r.object("iceberg");
    if (ice != null) {
      ice.rejectUnknownKeys(ICEBERG_KEYS);
      String type = ice.string("type", "hadoop");
      if (!ICEBERG_TYPES.contains(type)) {
        ice.problem("type", "must be one of hadoop, jdbc, rest, hive; got '" + type + "'");
      }
      String iceWarehouse = ice.string("warehouse", "");
      iceWarehouse = iceWarehouse.isBlank() ? warehouse + "/iceberg" : location(home, iceWarehouse);
      String uri = ice.string("uri", "");
      if (("rest".equals(type) || "jdbc".equals(type)) && uri.isBlank()) {
        ice.problemAt(
            "type",
            "uri",
            "is required when the Iceberg catalog type is " + type
                + ("rest".equals(type)
                    ? ": the REST catalog's endpoint, e.g. http://127.0.0.1:8181 (set MESH_CATALOG_URI; for the local stack, eval \"$(bin/mesh stack env)\")"
                    : ""));
      }
      iceberg =
          new IcebergCatalogConfig(
              ice.string("name", "iceberg"), type, iceWarehouse, uri, flatten(ice.raw(), "properties"));
    }

    String catalogTablesName = r.string("catalog-tables", "delta");
    dev.mesh.model.TableFormat catalogTables = dev.mesh.model.TableFormat.DELTA;
    if (catalogTablesName.equals("iceberg")) {
      catalogTables = dev.mesh.model.TableFormat.ICEBERG;
      if (iceberg == null) {
        r.problem("catalog-tables", "is iceberg but no Iceberg catalog is configured (mesh.iceberg)");
      }
    } else if (!catalogTablesName.equals("delta")) {
      r.problem("catalog-tables", "must be delta or iceberg, got '" + catalogTablesName + "'");
    }

    List<Path> dirs = new ArrayList<>();
    for (String d : r.stringList("products-path")) {
      dirs.add(home.resolve(d).normalize());
    }
    for (String d : extraProductDirs) {
      if (!d.isBlank()) {
        dirs.add(home.resolve(d).normalize());
      }
    }

    String master = "local[*]";
    String appName = "mesh";
    Map<String, String> sparkConf = Map.of();
    ConfigReader spark = r.object("spark");
    if (spark != null) {
      spark.rejectUnknownKeys(SPARK_KEYS);
      master = spark.string("master", master);
      appName = spark.string("app-name", appName);
      sparkConf = flatten(spark.raw(), "conf");
    }

    Map<String, Map<String, String>> sources = new LinkedHashMap<>();
    ConfigReader src = r.object("sources");
    if (src != null) {
      for (Map.Entry<String, ConfigValue> e : src.raw().root().entrySet()) {
        sources.put(e.getKey(), flatten(src.raw(), quoteKey(e.getKey())));
      }
    }

    long parallelism = r.integer("parallelism", 2L);
    if (parallelism < 1) {
      r.problem("parallelism", "must be at least 1, got " + parallelism);
      parallelism = 1;
    }

    LineageConfig lineage = lineage(r, home, warehouse);

    String sqlCheck = r.string("sql-check", "load");
    if (!Set.of("load", "run").contains(sqlCheck)) {
      r.problem("sql-check", "must be load or run, got '" + sqlCheck + "'");
      sqlCheck = "load";
    }
    if (sqlCheck.equals("load") && src != null) {
      SourceChecks checks = sourceChecks.get();
      for (String type : sources.keySet()) {
        String key = com.typesafe.config.ConfigUtil.joinPath(type);
        ConfigReader defaults = checks.checkType(src, key, type) ? src.object(key) : null;
        if (defaults != null) {
          checks.checkOptions(defaults, type, Set.of());
        }
      }
    }

    return new PlatformConfig(
        home,
        r.string("environment", "local"),
        warehouse,
        deltaRoot,
        iceberg,
        metastore,
        catalogTables,
        dirs,
        r.stringList("sql-path"),
        r.stringList("test-path"),
        master,
        appName,
        sparkConf,
        sources,
        (int) parallelism,
        OrchestrationConfigParser.parse(r.object("orchestration")),
        lineage,
        PlatformConfig.SqlCheck.valueOf(sqlCheck.toUpperCase(java.util.Locale.ROOT)),
        s3(r),
        leases(r, warehouse),
        AlertsConfigParser.parse(r.object("alerts")),
        retention(r));
  }

  /** {@code storage.retention}: how long superseded versions stay readable (default 30 days). */
  private static java.time.Duration retention(ConfigReader r) {
    ConfigReader storage = r.object("storage");
    java.time.Duration fallback = java.time.Duration.ofDays(30);
    if (storage == null) {
      return fallback;
    }
    java.time.Duration d = storage.duration("retention", fallback);
    if (d == null || d.isNegative()) {
      storage.problem("retention", "must be a duration of 0 or more, e.g. 30d or 36h");
      return fallback;
    }
    return d;
  }

  private static LeaseConfig leases(ConfigReader r, String warehouse) {
    ConfigReader storage = r.object("storage");
    ConfigReader l = storage == null ? null : storage.object("leases");
    if (l == null) {
      return LeaseConfig.DEFAULT;
    }
    l.rejectUnknownKeys(LEASE_KEYS);
    String name = l.string("type", "auto");
    LeaseConfig.Type type;
    try {
      type = LeaseConfig.Type.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      l.problem("type", "must be auto, file, postgres or none; got '" + name + "'");
      return LeaseConfig.DEFAULT;
    }
    if (type == LeaseConfig.Type.FILE && !Locations.isLocal(warehouse)) {
      l.problem("type", "file leases need a warehouse on a local disk, and the warehouse is " + warehouse
          + ": use postgres (drivers on several machines) or none");
    }
    ConfigReader pg = l.object("postgres");
    String url = "";
    String user = "";
    String passwordEnv = LeaseConfig.DEFAULT.passwordEnv();
    if (pg != null) {
      pg.rejectUnknownKeys(LEASE_PG_KEYS);
      url = pg.string("url", "").strip();
      user = pg.string("user", "").strip();
      passwordEnv = pg.string("password-env", passwordEnv).strip();
      if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
        pg.problem("url", "must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database; got '" + url + "'");
      }
      if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        pg.problem("password-env", "must name an environment variable (the password is never written in a file), got '" + passwordEnv + "'");
      }
    }
    if (type == LeaseConfig.Type.POSTGRES && url.isEmpty()) {
      l.problem("type",
          "postgres leases need the database: set mesh.storage.leases.postgres.url (MESH_PG_URL sets it; bin/mesh stack env prints it)");
    }
    return new LeaseConfig(type, url, user, passwordEnv);
  }

  private static S3Config s3(ConfigReader r) {
    ConfigReader storage = r.object("storage");
    if (storage == null) {
      return S3Config.DEFAULT;
    }
    storage.rejectUnknownKeys(STORAGE_KEYS);
    ConfigReader s3 = storage.object("s3");
    if (s3 == null) {
      return S3Config.DEFAULT;
    }
    s3.rejectUnknownKeys(S3_KEYS);
    String endpoint = s3.string("endpoint", "").strip();
    if (!endpoint.isEmpty() && !endpoint.matches("^https?://[^/\\s]+/?$")) {
      s3.problem("endpoint", "must be http://host:port or https://host:port (an S3-compatible store's endpoint), got '" + endpoint + "'");
    }
    return new S3Config(endpoint.replaceAll("/$", ""), s3.bool("path-style-access", true));
  }

  private static LineageConfig lineage(ConfigReader r, Path home, String warehouse) {
    LineageConfig defaults = LineageConfig.defaults(warehouse);
    ConfigReader l = r.object("lineage");
    if (l == null) {
      return defaults;
    }
    l.rejectUnknownKeys(LINEAGE_KEYS);
    String name = l.string("transport", "file");
    LineageConfig.Transport transport;
    try {
      transport = LineageConfig.Transport.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      l.problem("transport", "must be file, http or off; got '" + name + "'");
      transport = LineageConfig.Transport.FILE;
    }
    String path = l.string("path", "");
    if (path.isBlank() && !Locations.isLocal(warehouse)) {
      // The file transport appends under a file lock: object storage has neither appends nor locks. Events of a
      // warehouse elsewhere go to the project's own disk unless a path (or transport = http) says otherwise.
      path = location(home, "lineage/events.jsonl");
    }
    path = path.isBlank() ? defaults.path() : location(home, path);
    String url = l.string("url", "");
    if (transport == LineageConfig.Transport.HTTP) {
      if (url.isBlank()) {
        l.problemAt("transport", "url", "is required when the lineage transport is http, e.g. http://localhost:5000/api/v1/lineage");
      } else if (!url.matches("^https?://.+")) {
        l.problem("url", "must be an http:// or https:// URL, got '" + url + "'");
      }
    }
    String namespace = l.string("namespace", defaults.namespace());
    if (namespace.isBlank()) {
      l.problem("namespace", "must not be empty");
      namespace = defaults.namespace();
    }
    java.time.Duration timeout = l.duration("timeout", defaults.timeout());
    if (timeout.isNegative() || timeout.isZero()) {
      l.problem("timeout", "must be positive, got " + timeout);
      timeout = defaults.timeout();
    }
    return new LineageConfig(transport, path, url, namespace, timeout);
  }

  /** A local path made absolute against the project home; URIs (s3a://, hdfs://, file:) are kept as they are. */
  static String location(Path home, String value) {
    if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !value.matches("^[a-zA-Z]:\\\\.*")) {
      return value;
    }
    return home.resolve(value).toAbsolutePath().normalize().toString().replace(File.separatorChar, '/');
  }

  /** A nested object's leaves as dotted keys to strings, e.g. {@code spark.sql.shuffle.partitions -> 8}. */
  private static Map<String, String> flatten(Config c, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!c.hasPath(path)) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
      out.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  private static String quoteKey(String key) {
    return "\"" + key + "\"";
  }

  private static String unquote(String key) {
    return key.replace("\"", "");
  }
}
