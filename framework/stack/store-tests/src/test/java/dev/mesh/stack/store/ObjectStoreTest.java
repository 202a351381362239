package dev.mesh.stack.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.stack.ServiceStatus;
import dev.mesh.stack.Stack;
import dev.mesh.stack.StackEndpoints;
import dev.mesh.stack.testing.SharedStack;
import dev.mesh.stack.testing.SharedStoreStack;
import dev.mesh.testing.Products;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * mesh on object storage: the stack on its store (S3Proxy, warehouse {@code s3a://mesh/warehouse}, catalog tables in
 * the Iceberg REST catalog, Delta products registered in the Hive metastore), driven by separate driver JVMs that get
 * the store's keys from their environment only, as {@code eval "$(bin/mesh stack env)"} gives them. The store-down
 * test runs last: it restarts the stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoreTest {
  static final String D1 = "2024-03-01";
  static final String D2 = "2024-03-02";
  static final String D3 = "2024-03-03";

  private static StackEndpoints stack;

  @TempDir Path home;

  @BeforeAll
  static void startTheStackOnItsStore() {
    SharedStack.assumeAvailable();
    stack = SharedStoreStack.get();
  }

  @Test
  @Order(1)
  void theStackRunsItsStoreAndExportsItsSettings() {
    assertThat(SharedStoreStack.stack().status()).extracting(ServiceStatus::name)
        .containsExactly("postgres", "iceberg-rest", "hive-metastore", "s3proxy");
    assertThat(SharedStoreStack.stack().status()).allSatisfy(s -> assertThat(s.running()).as(s.name()).isTrue());
    Map<String, String> env = stack.env();
    assertThat(env).containsEntry("MESH_WAREHOUSE", "s3a://mesh/warehouse").containsEntry("MESH_S3_ENDPOINT", stack.store().endpoint());
    assertThat(env.get("AWS_ACCESS_KEY_ID")).matches("MESH[A-Z0-9]{16}");
    assertThat(env.get("AWS_SECRET_ACCESS_KEY")).hasSize(40);
    assertThat(stack.toString()).doesNotContain(stack.store().secretKey()).doesNotContain(stack.postgresPassword());
    assertThat(stateDir().resolve("stack.properties")).satisfies(f -> assertThat(posix(f)).isEqualTo("rw-------"));
    assertThat(stateDir().resolve("s3proxy/s3proxy.properties")).satisfies(f -> assertThat(posix(f)).isEqualTo("rw-------"));
  }

  @Test
  @Order(2)
  void everyWriteModeOfBothFormatsQuarantineAndTheCatalogTablesWorkOnTheStore() throws Exception {
    List<String> steps = new ArrayList<>();
    for (String format : List.of("delta", "iceberg")) {
      String domain = "wm_" + format;
      // Overwrite and merge keep only their current version (mesh maintain, below): what they replaced is deleted.
      declare(domain + ".overwrite", Transforms.Numbers.class, format, ", mode = overwrite, retention = 0s", "");
      declare(domain + ".append", Transforms.Numbers.class, format, ", mode = append", "");
      declare(domain + ".merge", Transforms.Numbers.class, format, ", mode = merge, merge-keys = [id], retention = 0s", "");
      // Not "partitions": Iceberg reads <namespace>.partitions as the metadata table of a table <namespace>.
      declare(domain + ".by_day", Transforms.Numbers.class, format, ", mode = overwrite-partitions, partitioned-by = [day]", "");
      declare(domain + ".quarantine", Transforms.Numbers.class, format, "",
          "sla.rules = [ { rule = range, column = id, max = 2, on-failure = quarantine } ]");
      write("conf/" + domain + "/scd2.conf", scd2(domain + ".scd2", format));
      for (String mode : List.of("overwrite", "append", "merge", "by_day")) {
        for (String d : List.of(D1, D2, D3, D2)) {
          steps.add("run:" + domain + "." + mode + ":" + d);
        }
      }
      steps.addAll(List.of("run:" + domain + ".scd2:" + D1, "run:" + domain + ".scd2:" + D2, "run:" + domain + ".quarantine:" + D1));
      // Maintained before their rows are read: the rows below are the current versions after it.
      steps.addAll(List.of("maintain:" + domain + ".overwrite", "maintain:" + domain + ".merge", "maintain:" + domain + ".append"));
      for (String t : List.of("overwrite", "append", "merge", "by_day", "scd2", "quarantine")) {
        steps.add("rows:" + domain + "." + t);
      }
      steps.add("rows:" + domain + "_internal.quarantine_quarantine");
      steps.add("catalog:" + domain);
    }
    writeMeshConf("");
    Drivers.Driver writeModes = driver("write-modes", steps);
    List<String> out = writeModes.await(15);

    assertThat(Drivers.tagged(out, "run")).as(String.join("\n", out)).hasSize(2 * (4 * 4 + 3))
        .allSatisfy(l -> assertThat(l).contains(" SUCCEEDED "));
    for (String format : List.of("delta", "iceberg")) {
      String domain = "wm_" + format;
      assertThat(rows(out, domain + ".overwrite")).containsExactly("[2,2024-03-02,22]", "[3,2024-03-02,23]", "[4,2024-03-02,24]");
      assertThat(rows(out, domain + ".append")).hasSize(12);
      assertThat(rows(out, domain + ".merge"))
          .containsExactly("[1,2024-03-01,11]", "[2,2024-03-02,22]", "[3,2024-03-02,23]", "[4,2024-03-02,24]", "[5,2024-03-03,35]");
      // D2 written twice: its partition replaced, not doubled; D1 and D3 untouched.
      assertThat(rows(out, domain + ".by_day"))
          .containsExactly("[1,2024-03-01,11]", "[2,2024-03-01,12]", "[2,2024-03-02,22]", "[3,2024-03-01,13]", "[3,2024-03-02,23]",
              "[3,2024-03-03,33]", "[4,2024-03-02,24]", "[4,2024-03-03,34]", "[5,2024-03-03,35]");
      assertThat(rows(out, domain + ".scd2"))
          .containsExactly("[1,11,2024-03-01,null]", "[2,12,2024-03-01,2024-03-02]", "[2,22,2024-03-02,null]",
              "[3,13,2024-03-01,2024-03-02]", "[3,23,2024-03-02,null]", "[4,24,2024-03-02,null]");
      assertThat(rows(out, domain + ".quarantine")).containsExactly("[1,2024-03-01,11]", "[2,2024-03-01,12]");
      assertThat(rows(out, domain + "_internal.quarantine_quarantine")).hasSize(1).first().asString().startsWith("[3,2024-03-01,13,");
      assertThat(Drivers.tagged(out, "catalog")).contains("runs " + domain + " 19", "products " + domain + " 6");
      // On the store: files of the replaced versions deleted (Delta VACUUM over s3a; Iceberg's expiry through the REST
      // catalog), none of the append-only product's within mesh.storage.retention's 30 days.
      assertThat(Drivers.tagged(out, "maintain"))
          .anySatisfy(l -> assertThat(l).matches(Pattern.quote(domain) + "\\.overwrite ok [1-9]\\d*\\s*"))
          .anySatisfy(l -> assertThat(l).matches(Pattern.quote(domain) + "\\.merge ok [1-9]\\d*\\s*"))
          .anySatisfy(l -> assertThat(l).matches(Pattern.quote(domain) + "\\.append ok 0\\s*"));
    }
    // The bytes are on the store (S3Proxy's directory of bucket mesh), and nothing landed on a local "s3a:" path.
    Path bucket = stateDir().resolve("s3").resolve("mesh");
    assertThat(bucket.resolve("warehouse/delta/wm_delta/overwrite/_delta_log")).isDirectory();
    try (Stream<Path> files = Files.walk(bucket)) {
      assertThat(files.filter(f -> f.toString().contains("wm_iceberg") && f.toString().endsWith(".metadata.json")).count()).isPositive();
    }
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("s3a"))).isEmpty();
    }
    // A process that used the Hive metastore and exited leaves nothing in its temporary directory: not Spark's
    // directories, not Hive's session directory (<session id>_resources, which Spark never removes on its own).
    assertThat(writeModes.leftInTmp()).as("left in the driver's java.io.tmpdir").isEmpty();
  }

  @Test
  @Order(3)
  void fourDriversAppendingToTheCatalogTablesAtOnceLoseNoRow() throws Exception {
    int drivers = 4;
    for (int i = 0; i < drivers; i++) {
      declare("conc.p" + i, Transforms.Numbers.class, i % 2 == 0 ? "delta" : "iceberg", ", mode = append", "");
    }
    writeMeshConf("");
    // The first driver counts the catalog's rows once the other three have ended (no fifth JVM for it).
    Path othersEnded = home.resolve("conc.others-ended");
    List<Drivers.Driver> started = new ArrayList<>();
    for (int i = 0; i < drivers; i++) {
      List<String> steps = new ArrayList<>(List.of("run:conc.p" + i + ":" + D1, "run:conc.p" + i + ":" + D2));
      if (i == 0) {
        steps.addAll(List.of("await:" + othersEnded, "catalog:conc"));
      }
      started.add(driver("conc-" + i, steps));
    }
    List<String> counted = List.of();
    for (int i = drivers - 1; i >= 0; i--) {
      Drivers.Driver d = started.get(i);
      if (i == 0) {
        Files.createFile(othersEnded);
      }
      List<String> out = d.await(15);
      assertThat(Drivers.tagged(out, "run")).as(d.text()).hasSize(2).allSatisfy(l -> assertThat(l).contains(" SUCCEEDED 3 "));
      assertThat(d.leftInTmp()).as("left in the java.io.tmpdir of %s", d.output()).isEmpty();
      counted = out;
    }
    // 8 runs; 3 not-null rules (id, day, value) checked per run; one descriptor per product.
    assertThat(Drivers.tagged(counted, "catalog")).as(String.join("\n", counted))
        .contains("runs conc 8", "quality conc 24", "products conc 4");
    long completes;
    try (Stream<String> events = Files.lines(home.resolve("events.jsonl"))) {
      completes = events.filter(l -> l.contains("\"eventType\":\"COMPLETE\"") && l.contains("conc.p")).count();
    }
    assertThat(completes).isGreaterThanOrEqualTo(8);
  }

  @Test
  @Order(4)
  void noOutputOfARunOnTheStoreHoldsTheSecretKey() throws Exception {
    declare("secret.numbers", Transforms.Numbers.class, "delta", ", mode = append", "");
    declare("secret.ice", Transforms.Numbers.class, "iceberg", ", mode = merge, merge-keys = [id]", "");
    // Spark's event log too: it holds the Spark and Hadoop settings of the run (Spark redacts secrets there).
    Files.createDirectories(home.resolve("spark-events"));
    writeMeshConf("\"spark.eventLog.enabled\" = true\n\"spark.eventLog.dir\" = \"" + home.resolve("spark-events").toUri() + "\"\n");
    // The job jar's entry point, as spark-submit starts it, then a reader that prints every catalog row and setting.
    Drivers.Driver job =
        Drivers.start(home, stack.env(), output("job"), List.of(), "dev.mesh.runner.MeshJob",
            List.of("run", "--domain", "secret", "--date", D1));
    List<String> jobOut = job.await(10);
    assertThat(job.process().exitValue()).as(job.text()).isZero();
    List<String> dump = driver("dump", List.of("dump")).await(10);
    assertThat(dump).as("the reader printed the catalog and the settings")
        .anyMatch(l -> l.startsWith("dump RUNS") && l.contains("secret.numbers"))
        .anyMatch(l -> l.startsWith("dump PRODUCTS") && l.contains("secret.ice"))
        .anyMatch(l -> l.equals("hadoop fs.s3a.endpoint=" + stack.store().endpoint()));

    String secret = stack.store().secretKey();
    List<Path> outputs = new ArrayList<>(List.of(job.output(), output("dump")));
    try (Stream<Path> files = Files.walk(home)) {
      files.filter(Files::isRegularFile).forEach(outputs::add); // events.jsonl, conf, anything written here
    }
    for (String service : List.of(Stack.POSTGRES, Stack.ICEBERG_REST, Stack.HIVE_METASTORE, Stack.S3PROXY)) {
      outputs.add(SharedStoreStack.stack().log(service));
    }
    assertThat(outputs).contains(home.resolve("events.jsonl"));
    assertThat(outputs).anyMatch(f -> f.startsWith(home.resolve("spark-events")));
    for (Path f : outputs) {
      assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret);
    }
    assertThat(String.join("\n", jobOut)).doesNotContain(secret);
    // The stores' own copies of catalog rows, metadata and logs: every file of the bucket.
    try (Stream<Path> files = Files.walk(stateDir().resolve("s3"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret);
      }
    }
  }

  @Test
  @Order(5)
  void twoRunsOfOneDeltaProductOnTheStoreNeverOverlapAndAKilledRunLeavesNoStaleLease() throws Exception {
    // Delta's log on S3 takes one writer at a time (two drivers writing version N would overwrite each other): the
    // shared deployment's product leases are PostgreSQL advisory locks, seen by drivers on any machine.
    String id = "overlap.numbers";
    declare(id, SignalThenWait.class, "delta", ", mode = append", "");
    writeMeshConf("");
    Path reached = home.resolve("overlap.reached");
    Path gate = home.resolve("overlap.gate"); // never opened: the first run is killed inside its transform
    Path killed = home.resolve("overlap.killed");
    Drivers.Driver first =
        Drivers.start(home, stack.env(), output("overlap-first"),
            List.of("-Ddev.mesh.testing.reached=" + reached, "-Ddev.mesh.testing.gate=" + gate), StoreDriver.class.getName(),
            List.of("run:" + id + ":" + D2));
    awaitFile(reached, first);
    Drivers.Driver second =
        driver("overlap-second", List.of("run:" + id + ":" + D1, "await:" + killed, "run:" + id + ":" + D3, "rows:" + id, "failed:" + id));
    String refused = awaitLine(second, "run " + id + " " + D1);
    first.process().destroyForcibly(); // kill -9 mid-run: its lease must go with its process
    first.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    Files.createFile(killed);
    List<String> out = second.await(10);

    assertThat(refused).as(second.text()).contains(" BUSY ")
        .contains("another run of " + id + " is in progress (run ")
        .contains("for " + D2 + ", on host").contains("pid " + first.process().pid())
        .contains("PostgreSQL advisory lock of " + id);
    assertThat(Drivers.tagged(out, "run")).as(second.text()).contains(id + " " + D3 + " SUCCEEDED 3 ");
    // Only the run that held the lease alone wrote: the refused date and the killed one left nothing.
    assertThat(rows(out, id)).containsExactly("[3,2024-03-03,33]", "[4,2024-03-03,34]", "[5,2024-03-03,35]");
    // The killed run's name stayed in its lease row: the run of D3 that took the lease next recorded it failed.
    assertThat(Drivers.tagged(out, "failed")).as(second.text())
        .anySatisfy(line -> assertThat(line)
            .contains(" ended without an outcome: its process (pid " + first.process().pid() + " on ")
            .contains("Run ").contains(" of " + id + " for " + D2 + " "));
  }

  @Test
  @Order(6)
  void theStoreGoingDownFailsRunsInOneLineAndLeavesThePreviousVersions() throws Exception {
    // A Delta run whose store dies in its transform, then an Iceberg run started while it is down. An Iceberg run on a
    // dead store would wait on the REST catalog server, which retries reading the table's metadata 20 times with
    // back-off (Iceberg's BaseMetastoreTableOperations) before it answers (measured here: more than 5 minutes, then an
    // error naming the catalog); and s3a retries a refused connection as it comes (fs.s3a.retry.limit, the SDK's
    // attempts). mesh asks the store's endpoint first (EndpointCheckedStore): both fail at once, in the same words
    // (README "When the store fails").
    String delta = "down_delta.numbers";
    String iceberg = "down_iceberg.numbers";
    declare(delta, SignalThenWait.class, "delta", ", mode = overwrite", "");
    declare(iceberg, SignalThenWait.class, "iceberg", ", mode = overwrite", "");
    // Alerts as they come (recorded in mesh.alerts, no channel): a failed run raises one, which cannot be recorded
    // with the store down either (before the store was asked first: the failed run's line 10-12 minutes late; README).
    writeMeshConf("");
    Path reached = home.resolve("down.reached");
    Path gate = home.resolve("down.gate");
    Path back = home.resolve("down.back");
    Drivers.Driver d =
        Drivers.start(home, stack.env(), output("down"),
            List.of("-Ddev.mesh.testing.reached=" + reached, "-Ddev.mesh.testing.gate=" + gate), StoreDriver.class.getName(),
            List.of("run:" + delta + ":" + D1, "run:" + iceberg + ":" + D1, "run:" + delta + ":" + D2, "run:" + iceberg + ":" + D2,
                "await:" + back, "rows:" + delta, "rows:" + iceberg));
    awaitFile(reached, d);
    // How a failure names the store that is down: its bucket and endpoint.
    String store = "(bucket mesh at 127.0.0.1:" + URI.create(stack.env().get("MESH_S3_ENDPOINT")).getPort() + "): connection refused";
    Stack s = SharedStoreStack.stack();
    long s3Pid = s.status().stream().filter(x -> x.name().equals(Stack.S3PROXY)).findFirst().orElseThrow().pid();
    ProcessHandle.of(s3Pid).ifPresent(ProcessHandle::destroyForcibly);
    ProcessHandle.of(s3Pid).ifPresent(p -> p.onExit().join());
    Files.createFile(gate);
    // The catalog rows of a failed run cannot be recorded with the store down, and its line says so: the catalog
    // tables' store is asked first too (through Spark, each commit waited about two minutes for the REST catalog
    // server's own retries of the store).
    String deltaFailed = awaitLine(d, "run " + delta + " " + D2);
    String icebergFailed = awaitLine(d, "run " + iceberg + " " + D2);
    s.up(); // the store back (a stack with a service down is restarted whole)
    Files.createFile(back);
    List<String> out = d.await(10);

    for (String failed : List.of(deltaFailed, icebergFailed)) {
      String id = failed.split(" ")[1];
      assertThat(failed).as(d.text()).contains(" FAILED 0 ");
      String error = failed.substring(failed.indexOf(" FAILED 0 ") + " FAILED 0 ".length());
      assertThat(error).as(id).doesNotContain("\n").startsWith("Run of " + id + " failed: object storage failed at s3a://mesh/warehouse")
          .endsWith(store + ". The previous version stays published; could not record the run in the catalog: object storage"
              + " failed at s3a://mesh/warehouse " + store);
      assertThat(error.length()).isLessThan(1000);
    }
    assertThat(out).as("each failed run's alert, said at once").filteredOn(l -> l.equals(
        "mesh: could not record 1 alert row in mesh.alerts: object storage failed at s3a://mesh/warehouse " + store)).hasSize(2);
    assertThat(deltaFailed).as("the Delta table's own path").contains("at s3a://mesh/warehouse/delta/down_delta/numbers " + store);
    for (String id : List.of(delta, iceberg)) {
      assertThat(rows(out, id)).as(d.text()).containsExactly("[1,2024-03-01,11]", "[2,2024-03-01,12]", "[3,2024-03-01,13]");
    }
    assertThat(d.text()).doesNotContain(stack.store().secretKey());
  }

  // ---------------------------------------------------------------------------------------------------------------

  private Drivers.Driver driver(String name, List<String> steps) throws IOException {
    return Drivers.start(home, stack.env(), output(name), List.of(), StoreDriver.class.getName(), steps);
  }

  /** Where a driver's output goes: target/store-drivers/ of this module, kept after the test for a look. */
  private static Path output(String name) throws IOException {
    Path dir = Path.of("target", "store-drivers").toAbsolutePath();
    Files.createDirectories(dir);
    return dir.resolve(name + ".out");
  }

  private void writeMeshConf(String extraSparkConf) {
    write("conf/mesh.conf", """
        mesh {
          warehouse = warehouse
          lineage.path = "%s"
          parallelism = 1
          spark {
            master = "local[1]"
            conf {
              "spark.sql.shuffle.partitions" = 1
              "spark.default.parallelism" = 1
              "spark.ui.enabled" = false
              "spark.databricks.delta.snapshotPartitions" = 1
              %s
            }
          }
          environments {
            shared { metastore = hive, catalog-tables = iceberg, iceberg { type = rest }, storage.leases.type = postgres }
          }
        }
        """.formatted(home.resolve("events.jsonl"), extraSparkConf));
  }

  private void declare(String id, Class<?> transform, String format, String outputExtras, String extra) {
    String[] p = id.split("\\.");
    write("conf/" + p[0] + "/" + p[1] + ".conf", Products.numbers(id, transform.getName(), format, outputExtras, extra));
  }

  private static String scd2(String id, String format) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = test, contact = "test@example.com" }
          transform.class = "%s"
          output { format = %s, mode = overwrite }
          schema {
            id         { type = bigint, nullable = false }
            value      { type = bigint, nullable = false }
            valid_from { type = date, nullable = false }
            valid_to   { type = date }
          }
        }
        """.formatted(id, Scd2Numbers.class.getName(), format);
  }

  private void write(String relative, String content) {
    try {
      Path p = home.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> rows(List<String> out, String table) {
    String line = Drivers.tagged(out, "rows").stream().filter(l -> l.startsWith(table + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no rows of " + table + " in:\n" + String.join("\n", out)));
    String rows = line.substring(table.length() + 1);
    return rows.isEmpty() ? List.of() : List.of(rows.split("\\|"));
  }

  private static Path stateDir() {
    return SharedStoreStack.stack().stateDir();
  }

  private static String posix(Path f) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitFile(Path f, Drivers.Driver d) throws Exception {
    long deadline = System.nanoTime() + 5L * 60 * 1_000_000_000L;
    while (!Files.exists(f)) {
      if (!d.process().isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the run never reached its transform: " + d.text());
      }
      Thread.sleep(200);
    }
  }

  private static String awaitLine(Drivers.Driver d, String prefix) throws Exception {
    long deadline = System.nanoTime() + 5L * 60 * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String l : d.lines()) {
        if (l.startsWith(prefix + " ")) {
          return l;
        }
      }
      if (!d.process().isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no line '" + prefix + "' from the driver: " + d.text());
  }
}
