package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.cli.MeshCli;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.runtime.RunResult;
import dev.mesh.testing.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo mesh on the shared deployment ({@code MESH_ENV=shared}) on object storage: real PostgreSQL, Apache Iceberg's
 * REST catalog server, a Hive metastore and S3Proxy (every table under {@code s3a://mesh/warehouse}), started once for
 * this JVM. bin/mesh's CLI runs every product for the first demo date in
 * its own JVM; then an analyst's Spark session with no mesh class on its classpath finds every product by id, with the
 * row counts of the embedded demo at that date ({@link DemoRun}), and Iceberg's own REST client lists every Iceberg
 * product with them. (Driver processes appending to these catalog tables at once, on the same deployment: {@code
 * ObjectStoreTest.fourDriversAppendingToTheCatalogTablesAtOnceLoseNoRow} in framework/stack/store-tests.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCatalogTest {
  static Path dir;
  static Map<String, String> services;
  static DemoRun embedded;
  static volatile boolean ranOnTheServices;

  @BeforeAll
  static void startServices() throws IOException {
    services = SharedServices.env();
    dir = TempDirs.create("mesh-shared-test");
  }

  /**
   * The environment of a shell after {@code eval "$(bin/mesh stack env)"}: the store's warehouse and keys, and the
   * platform's PII secret. Lineage events go to a local file (the file transport cannot append to object storage).
   */
  static Map<String, String> sharedEnv() {
    Map<String, String> env = new LinkedHashMap<>(services);
    env.put("MESH_ENV", "shared");
    // PII hashing needs a platform secret when the warehouse is not on a local disk: the same for every driver.
    env.put("MESH_PII_SECRET", "shared-catalog-test-pii-secret");
    return env;
  }

  /**
   * Only the run holds the services' lock (SparkClusterTest runs some of the same products for the same date, and a
   * second run of a product is refused while the first holds its lease); what follows reads, and waits for the embedded
   * demo, without keeping the cluster test waiting.
   */
  @Test
  @Order(1)
  @org.junit.jupiter.api.parallel.ResourceLock(SharedServices.LOCK)
  void theDemoRunsOnTheServices() throws Exception {
    // Through bin/mesh, as README "A shared catalog" runs it: its classpath must carry what the services need (the
    // leases' PostgreSQL driver among them; exit 0 means every product's run succeeded).
    Jvm.Result run = Jvm.launcher(dir, "mesh-run", sharedEnv(), meshProperties(), "run", "--all", "--date", DemoRun.D1.toString());
    assertThat(run.code()).as("bin/mesh run on the shared deployment:%s", run.tail()).isZero();
    ranOnTheServices = true;
  }

  @Test
  @Order(2)
  void aPlainSparkSessionReadsEveryProductByIdWithTheEmbeddedCounts() throws Exception {
    assertThat(ranOnTheServices).as("the demo's run on the services (the test before) succeeded").isTrue();
    // The embedded demo runs in this JVM meanwhile (DemoMeshTest's, or started here): its counts are the expectation.
    embedded = DemoRun.get();

    // The embedded demo's count of each product as its first date left it.
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> expectedIceberg = new TreeMap<>();
    for (RunResult r : embedded.results()) {
      if (!r.logicalDate().equals(DemoRun.D1)) {
        continue;
      }
      ProductDescriptor d = embedded.ctx().config().product(r.product().toString());
      TableFormat format = d.output().format();
      // The version recorded is that of the product's clear table; its port (what a plain session reads) has its rows.
      long count =
          embedded.ctx().tables().forFormat(format).read(embedded.spark(), OutputPorts.of(d).internal(), r.tableVersion()).count();
      OutputPorts.of(d).port().ifPresent(port -> {
        expected.put(port.toString(), count);
        if (format == TableFormat.ICEBERG) {
          expectedIceberg.put(port.toString(), count);
        }
      });
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(10);
    assertThat(expectedIceberg).isNotEmpty().hasSizeLessThan(expected.size());

    List<String> queries = new ArrayList<>();
    expected.keySet().forEach(id -> queries.add("SELECT count(*) FROM " + id));
    // Products, not runs: SparkClusterTest runs some of them for this date on the same services too.
    queries.add("SELECT count(DISTINCT product) FROM mesh.runs WHERE status = 'succeeded' AND logical_date = DATE'" + DemoRun.D1 + "'");
    queries.add("SELECT input_file_name() FROM customers.profile LIMIT 1");
    Jvm.Result read = analyst(queries, leakScan(embedded));
    assertThat(read.code()).as("the analyst's session:%s", read.tail()).isZero();

    Map<String, String> out = read.lines();
    assertThat(out.get("namespaces").split(",")).contains("customers", "finance", "sales", "supply", "mesh")
        .contains("customers_internal", "customers_shared", "sales_internal");
    int i = 0;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      assertThat(out.get("sql " + i++)).as("count of %s read by id from a plain Spark session", e.getKey())
          .isEqualTo(String.valueOf(e.getValue()));
    }
    assertThat(Long.parseLong(out.get("sql " + i))).as("mesh.runs read by a plain session").isEqualTo(expected.size());
    for (Map.Entry<String, Long> e : expectedIceberg.entrySet()) {
      assertThat(out.get("iceberg " + e.getKey())).as("Iceberg's REST client on %s", e.getKey())
          .isEqualTo(String.valueOf(e.getValue()));
    }
    // Governance outside mesh: no table outside the internal namespaces holds a clear PII value of any domain.
    assertThat(Integer.parseInt(out.get("leak-clear-values"))).as("clear values the analyst's scan collected").isGreaterThan(2500);
    assertThat(out.get("leak-scanned")).contains("customers.profile").contains("sales.orders").contains("mesh.runs")
        .doesNotContain("_internal");
    assertThat(read.stdoutLines()).as("clear PII outside the internal namespaces").noneMatch(l -> l.startsWith("leak "));
    // The catalog tables are Iceberg tables in the REST catalog; every table is on the object store.
    assertThat(out).containsKey("iceberg mesh.runs");
    assertThat(services.get("MESH_WAREHOUSE")).isEqualTo("s3a://mesh/warehouse");
    assertThat(out.get("sql " + (i + 1))).as("where a Delta product's files are").startsWith("s3a://mesh/warehouse/");
  }

  @Test
  @Order(3)
  void theMetadataCommandsReadTheCatalogServiceWithoutStartingSpark() throws Exception {
    Path classes = dir.resolve("catalog-command-classes.log");
    List<String> jvm = new ArrayList<>(meshJvmOptions());
    jvm.add(0, "-Xlog:class+load=info:file=" + classes);
    Jvm.Result r = Jvm.run(dir, "catalog-command", sharedEnv(), jvm, "dev.mesh.cli.MeshCli", "catalog", "--format", "csv");
    assertThat(r.code()).as(r.tail()).isZero();

    // product,owner,format,version,table_version,last_date,last_run,status: each product as the demo's run left it.
    Map<String, String[]> rows = new TreeMap<>();
    for (String line : r.stdoutLines()) {
      String[] cells = line.split(",", -1);
      if (cells.length == 8 && !cells[0].equals("product")) {
        rows.put(cells[0], cells);
      }
    }
    List<String> declared = embedded.ctx().config().all().stream().map(d -> d.id().toString()).toList();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(declared);
    for (String[] row : rows.values()) {
      assertThat(row[5]).as("last date of %s", row[0]).isEqualTo(DemoRun.D1.toString());
      assertThat(row[7]).as("status of %s", row[0]).isEqualTo("succeeded");
      assertThat(row[4]).as("published version of %s", row[0]).matches("-?\\d+");
    }
    // A Spark session's start creates its task scheduler and block manager. (Spark's SQL parser, which checks the SQL
    // transforms as the configuration loads, touches SparkContext's class but starts nothing.)
    assertThat(Files.readAllLines(classes)).as("classes the command loaded").isNotEmpty()
        .anyMatch(l -> l.contains(" org.apache.iceberg.rest.RESTSessionCatalog "))
        .noneMatch(l -> l.contains(" org.apache.spark.scheduler.TaskSchedulerImpl ") || l.contains(" org.apache.spark.storage.BlockManager "));
  }

  @Test
  @Order(4)
  void anUnreachableCatalogIsOneLineNamingItsUriAndExitsTwo() throws IOException {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    Map<String, String> env = sharedEnv();
    env.put("MESH_CATALOG_URI", "http://127.0.0.1:" + dead);
    Jvm.Result r = Jvm.run(dir, "unreachable", env, meshJvmOptions(), "dev.mesh.cli.MeshCli", "status");
    assertThat(r.code()).as(r.tail()).isEqualTo(2);
    assertThat(r.stderrLines())
        .contains("mesh: Cannot reach the Iceberg REST catalog at http://127.0.0.1:" + dead + ": connection refused. Fix: start it"
            + " (for the local stack: bin/mesh stack up), or point mesh at the running one (MESH_CATALOG_URI / mesh.iceberg.uri in"
            + " conf/mesh.conf; eval \"$(bin/mesh stack env)\" sets both for the local stack).")
        .noneMatch(l -> l.contains("\tat "));
  }

  @Test
  @Order(5)
  void aNamespaceTheCatalogDoesNotHaveIsOneLineAndExitsTwo() throws IOException {
    Jvm.Result r = Jvm.run(dir, "no-namespace", sharedEnv(), meshJvmOptions(), "dev.mesh.cli.MeshCli",
        "sql", "SELECT * FROM nosuchdomain.orders");
    assertThat(r.code()).as(r.tail()).isEqualTo(2);
    assertThat(String.join("\n", r.stderrLines()))
        .contains("mesh: Query failed: no table or product named nosuchdomain.orders (line 1, position 14). Did you mean sales.orders?")
        .doesNotContain("\tat ");
  }

  /** mesh's own JVM, as bin/mesh starts it: this test JVM's classpath, the project as mesh.home. */
  static List<String> meshJvmOptions() {
    List<String> options = new ArrayList<>(meshProperties());
    options.addAll(List.of("-Dmesh.home=" + DemoRun.projectDir(), "-cp", System.getProperty("java.class.path")));
    return options;
  }

  /** The heap and settings of the test's mesh commands (the demo's scale, two runs at a time, lineage to a file). */
  static List<String> meshProperties() {
    return List.of("-Xmx2g", "-Dmesh.sources.tpch.scale=" + DemoRun.SCALE, "-Dmesh.parallelism=2",
        "-Dmesh.lineage.path=" + dir.resolve("lineage.jsonl"));
  }

  /**
   * The analyst's JVM: Spark's runtime jars (target/spark-runtime.classpath, as a Spark distribution has them), Delta's
   * and Iceberg's runtime jars, {@link analyst.PlainSparkReader} alone in its own directory, and the settings of
   * README "Reading products from any Spark session".
   */
  static Jvm.Result analyst(List<String> queries) throws IOException {
    return analyst(queries, null);
  }

  /** {@code -Dleak.clear} for {@link analyst.PlainSparkReader}: each product's internal table and its PII columns. */
  static String leakScan(DemoRun run) {
    List<String> parts = new ArrayList<>();
    for (ProductDescriptor d : run.ctx().config().all()) {
      List<String> pii = d.schema().columns().stream().filter(dev.mesh.model.ColumnSpec::pii).map(dev.mesh.model.ColumnSpec::name).toList();
      if (!pii.isEmpty()) {
        parts.add(OutputPorts.of(d).internal() + ":" + String.join(",", pii));
      }
    }
    return String.join(";", parts);
  }

  static Jvm.Result analyst(List<String> queries, String leakClear) throws IOException {
    return analyst(dir, services, "analyst", queries, leakClear);
  }

  /** {@link #analyst(List, String)} in {@code dir}, on the services {@code services} describes, output {@code <name>.out}. */
  static Jvm.Result analyst(Path dir, Map<String, String> services, String name, List<String> queries, String leakClear)
      throws IOException {
    Path classes = dir.resolve("analyst-classes/analyst");
    Files.createDirectories(classes);
    for (String c : List.of("PlainSparkReader", "PiiLeakScan", "PiiLeakScan$Result")) {
      try (var in = SharedCatalogTest.class.getResourceAsStream("/analyst/" + c + ".class")) {
        Files.write(classes.resolve(c + ".class"), in.readAllBytes());
      }
    }
    List<String> cp = new ArrayList<>();
    cp.add(dir.resolve("analyst-classes").toString());
    cp.addAll(List.of(Files.readString(DemoRun.projectDir().resolve("jobs/demo/target/spark-runtime.classpath")).trim()
        .split(java.io.File.pathSeparator)));
    for (String jar : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String file = Path.of(jar).getFileName().toString();
      // Delta and Iceberg as an analyst adds them (--packages); Guava, which a Spark distribution ships and
      // spark-runtime.classpath leaves out (the job jars bundle their own), for Spark's Hive client.
      if (file.startsWith("delta-spark_") || file.startsWith("delta-storage-") || file.startsWith("iceberg-spark-runtime-")
          || file.startsWith("guava-")) {
        cp.add(jar);
      }
    }
    assertThat(cp).as("no mesh class on the analyst's classpath")
        .noneMatch(e -> e.contains("/dev/mesh/") || e.endsWith("classes") && !e.endsWith("analyst-classes"));
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-cp", String.join(java.io.File.pathSeparator, cp)));
    jvm.addAll(analystSettings(services));
    jvm.add("-Drest.uri=" + services.get("MESH_CATALOG_URI"));
    // Plain Spark's Hive client leaves its session directory (<id>_resources) in java.io.tmpdir: the test's, not /tmp.
    jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve(name + "-tmp")));
    if (leakClear != null) {
      jvm.add("-Dleak.clear=" + leakClear);
    }
    List<String> args = new ArrayList<>(queries);
    // The store's keys in the environment, where s3a's default credential chain finds them.
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", services.get("AWS_ACCESS_KEY_ID"),
        "AWS_SECRET_ACCESS_KEY", services.get("AWS_SECRET_ACCESS_KEY"));
    return Jvm.run(dir, name, env, jvm, "analyst.PlainSparkReader", args.toArray(String[]::new));
  }

  /** The settings README "Reading products from any Spark session" gives, as -D options (spark-defaults.conf lines). */
  static List<String> analystSettings(Map<String, String> services) {
    return List.of(
        "-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension,org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "-Dspark.sql.catalogImplementation=hive",
        "-Dspark.hadoop.hive.metastore.uris=" + services.get("MESH_METASTORE_URI"),
        "-Dspark.sql.catalog.spark_catalog=org.apache.iceberg.spark.SparkSessionCatalog",
        "-Dspark.sql.catalog.spark_catalog.type=rest",
        "-Dspark.sql.catalog.spark_catalog.uri=" + services.get("MESH_CATALOG_URI"),
        "-Dspark.sql.catalog.spark_catalog.io-impl=org.apache.iceberg.hadoop.HadoopFileIO",
        "-Dspark.hadoop.fs.s3a.endpoint=" + services.get("MESH_S3_ENDPOINT"),
        "-Dspark.hadoop.fs.s3a.path.style.access=true",
        "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=false",
        "-Dspark.ui.enabled=false");
  }
}
