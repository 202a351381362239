package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain job jars on a real Spark standalone cluster: one Master and two one-core Workers, each its own JVM
 * started from the Maven-resolved Spark jars (target/spark-runtime.classpath, without what the job jars bundle;
 * hadoop-aws and its SDK among them, as a cloud Spark distribution carries them), on 127.0.0.1 with free ports, against
 * the shared services on their object store ({@link SharedServices}: the warehouse {@code s3a://mesh/warehouse},
 * the Iceberg REST catalog, the Hive metastore, product leases in PostgreSQL). The store's keys are in the
 * environment of the workers (so of their executors) and of the drivers, as a cluster's nodes get theirs. The test
 * submits exactly the commands of the README's "Submitting products" block through {@code
 * org.apache.spark.deploy.SparkSubmit} in child JVMs, then reads the tables and {@code mesh.runs} from a plain Spark
 * session, and checks from the applications' event logs that every task ran on an executor of a worker and that the
 * two first applications ran at the same time on different workers. Every process is destroyed at the end, also on
 * failure.
 */
class SparkClusterTest {
  static final LocalDate DATE = LocalDate.of(1995, 6, 1);
  static final double SCALE = 0.01; // conf/mesh.conf's sources.tpch.scale
  static final String BEGIN = "<!-- cluster-commands:begin -->";
  static final String END = "<!-- cluster-commands:end -->";
  static final List<String> JAVA17_FLAGS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  static final List<String> SHORT_LIVED = dev.mesh.testing.ChildJvm.SHORT_LIVED;

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final Thread reaper = new Thread(SparkClusterTest::destroyAll, "spark-cluster-test-reaper");

  static volatile boolean passed;
  static Path project;
  static Path dir;
  static Path sparkHome;
  static Path eventLogs;
  static Path meshHome;
  static Map<String, String> services;
  static int masterPort;
  static int masterUiPort;
  static List<Integer> workerUiPorts = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    services = SharedServices.env();
    Runtime.getRuntime().addShutdownHook(reaper);
    project = Path.of(System.getProperty("mesh.project.dir")).toAbsolutePath();
    dir = Files.createTempDirectory("mesh-cluster-test");
    // A Spark "installation": $SPARK_HOME/jars holding Spark's runtime jars (links into the Maven repository).
    sparkHome = dir.resolve("spark");
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    String classpath =
        Files.readString(project.resolve("jobs/demo/target/spark-runtime.classpath"), StandardCharsets.UTF_8).trim();
    for (String jar : classpath.split(java.io.File.pathSeparator)) {
      Path target = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
    }
    // Guava, which a Spark distribution ships in jars/ and spark-runtime.classpath leaves out (mesh-runtime.jar bundles
    // its own, but --jars are not seen by Spark's Hive client, which the shared deployment's metastore needs).
    for (String jar : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path target = Path.of(jar);
      if (target.getFileName().toString().startsWith("guava-") && !Files.exists(jars.resolve(target.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
      }
    }
    eventLogs = Files.createDirectories(dir.resolve("events"));
    // What is shipped beside the jars: conf/ only (SQL comes from the jars).
    meshHome = dir.resolve("mesh");
    copyTree(project.resolve("conf"), meshHome.resolve("conf"));

    // Ports the processes choose themselves (0), read back from what they print: a port chosen here and bound later
    // can be taken meanwhile by any program's connection.
    start(
        "master",
        Map.of(),
        "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
    masterPort = Integer.parseInt(logged("master", Pattern.compile("Starting Spark master at spark://127\\.0\\.0\\.1:(\\d+)")));
    masterUiPort = Integer.parseInt(logged("master", Pattern.compile("Bound MasterWebUI to .*, and started at https?://[^:/]+:(\\d+)")));
    for (int i = 1; i <= 2; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      start(
          "worker-" + i,
          // The store's keys for the executors (they inherit the worker's environment), as a node's instance profile.
          Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
              "AWS_ACCESS_KEY_ID", services.get("AWS_ACCESS_KEY_ID"), "AWS_SECRET_ACCESS_KEY", services.get("AWS_SECRET_ACCESS_KEY")),
          "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "1", "--memory", "1536m", "--webui-port", "0",
          "--work-dir", work.toString(), masterUrl());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int alive = 0;
    while (System.nanoTime() < deadline) {
      java.util.Optional<JsonNode> master = masterJson();
      alive = master.map(SparkClusterTest::aliveWorkers).orElse(0);
      if (alive == 2) {
        // Each worker's web UI, where its executors' log URLs point.
        Pattern port = Pattern.compile("^https?://[^:/]+:(\\d+)");
        for (JsonNode w : master.get().path("workers")) {
          Matcher m = port.matcher(w.path("webuiaddress").asText());
          assertThat(m.find()).as("a worker's web UI address: %s", w).isTrue();
          workerUiPorts.add(Integer.parseInt(m.group(1)));
        }
        break;
      }
      assertThat(processes).allMatch(Process::isAlive, "cluster processes alive (logs in " + dir + ")");
      Thread.sleep(500);
    }
    assertThat(alive).as("workers registered with the master (logs in %s)", dir).isEqualTo(2);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    destroyAll();
    if (passed && dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } else if (dir != null) {
      System.out.println("cluster test: logs and event logs kept in " + dir);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
  }

  @Test
  @org.junit.jupiter.api.parallel.ResourceLock(SharedServices.LOCK)
  void readmeCommandsRunProductsOfTwoDomainsOnTheWorkers() throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("SPARK_MASTER", masterUrl());
    vars.put("JARS", dir.resolve("jars").toString());
    vars.put("EVENT_LOGS", eventLogs.toUri().toString());
    vars.put("JAVA17_FLAGS", String.join(" ", JAVA17_FLAGS));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESH_HOME", meshHome.toString());
    env.put("MESH_WAREHOUSE", services.get("MESH_WAREHOUSE"));
    env.put("MESH_SQL_CHECK", "run");
    env.put("MESH_ENV", "shared");
    Set<String> exported = new java.util.LinkedHashSet<>(env.keySet());
    // The platform's services, as the README's comment says: what bin/mesh stack env prints for the local stack
    // (catalog, metastore, PostgreSQL for the leases, the store's endpoint and keys), and the PII secret.
    services.forEach(env::putIfAbsent);
    env.put("MESH_PII_SECRET", "spark-cluster-test-pii-secret");
    long submitted = System.currentTimeMillis();
    // The jars as they are deployed: copied under their documented names into one directory.
    Path jarDir = Files.createDirectories(dir.resolve("jars"));
    List<Path> jars = new ArrayList<>(List.of(project.resolve("framework/runtime-jar/target/mesh-runtime.jar")));
    for (String domain : List.of("customers", "sales")) {
      jars.add(project.resolve("jobs/" + domain + "/target/mesh-jobs-" + domain + ".jar"));
    }
    for (Path jar : jars) {
      assertThat(jar).as("a jar the README deploys (built by mvn package)").isRegularFile();
      Files.copy(jar, jarDir.resolve(jar.getFileName()));
    }
    // The platform's code travels once, in the runtime jar; a domain's jar holds its transforms and SQL only.
    assertThat(Files.size(jarDir.resolve("mesh-jobs-sales.jar"))).as("the sales job jar's size").isLessThan(100_000);
    try (java.util.zip.ZipFile sales = new java.util.zip.ZipFile(jarDir.resolve("mesh-jobs-sales.jar").toFile())) {
      assertThat(sales.stream().map(java.util.zip.ZipEntry::getName)).contains("sql/sales/daily_revenue.sql")
          .noneMatch(n -> n.startsWith("dev/mesh/runner/") || n.startsWith("io/delta/") || n.startsWith("org/apache/iceberg/"));
    }
    try (java.util.zip.ZipFile runtime = new java.util.zip.ZipFile(jarDir.resolve("mesh-runtime.jar").toFile())) {
      assertThat(runtime.stream().map(java.util.zip.ZipEntry::getName)).as("the runtime jar")
          .contains("dev/mesh/runner/MeshJob.class", "io/delta/tables/DeltaTable.class")
          .noneMatch(n -> n.startsWith("dev/mesh/notebook/") || n.startsWith("dev/mesh/export/") || n.startsWith("org/jfree/")
              || n.startsWith("dev/mesh/cli/") || n.startsWith("org/zeromq/"));
    }

    Readme readme = Readme.parse(Files.readString(project.resolve("README.md"), StandardCharsets.UTF_8));
    assertThat(readme.exported()).as("variables the README exports for the driver").isEqualTo(exported);
    assertThat(readme.assigned()).as("variables the README sets for the commands").containsExactlyInAnyOrder(
        "SPARK_MASTER", "JARS", "EVENT_LOGS");
    assertThat(readme.steps()).hasSize(2);
    assertThat(readme.steps().get(0)).as("submitted at the same time").hasSize(2);

    int n = 0;
    for (List<List<String>> step : readme.steps()) {
      List<Process> running = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (List<String> command : step) {
        List<String> args = expand(command.subList(1, command.size()), vars);
        assertThat(command.get(0)).isEqualTo("spark-submit");
        String name = "submit-" + (++n);
        System.out.println("cluster test: spark-submit " + String.join(" ", args));
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Dspark.ui.enabled=false"));
        // Short-lived JVMs on a 2-core machine: no C2 compiler threads, one GC thread; executors too (a default
        // that --conf spark.executor.extraJavaOptions adds to).
        jvm.addAll(SHORT_LIVED);
        jvm.add("-Dspark.executor.defaultJavaOptions=" + String.join(" ", SHORT_LIVED) + " -Djava.io.tmpdir=" + tmp());
        jvm.add("-Dlog4j2.configurationFile=" + project.resolve("bin/log4j2.properties"));
        // Spark's own warnings and errors in the submitter's log too (bin/mesh keeps them in logs/mesh.log): its tail
        // is what a failure shows.
        jvm.add("-Dmesh.log.stderr=warn");
        running.add(start(name, env, jvm, "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new)));
        names.add(name);
      }
      for (int i = 0; i < running.size(); i++) {
        Process p = running.get(i);
        // Generous: a busy 2-core machine (other builds) can slow Spark down several times.
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        assertThat(done).as("%s finished in time; log: %s", names.get(i), tail(names.get(i))).isTrue();
        assertThat(p.exitValue()).as("exit code of %s; log: %s", names.get(i), tail(names.get(i))).isZero();
      }
    }

    // Every task on an executor of a worker, none in the driver; the first two applications at once, one per worker.
    Map<String, App> apps = new HashMap<>();
    try (Stream<Path> files = Files.list(eventLogs)) {
      for (Path f : files.toList()) {
        App app = App.read(f);
        apps.put(app.name, app);
      }
    }
    assertThat(apps.keySet())
        .containsExactlyInAnyOrder(
            "mesh customers.profile", "mesh sales.orders sales.order_lines", "mesh sales.daily_revenue");
    for (App app : apps.values()) {
      assertThat(app.taskExecutors).as("tasks of %s", app.name).isNotEmpty().doesNotContain("driver");
      assertThat(app.executorHosts.keySet()).as("executors of %s", app.name).containsAll(app.taskExecutors);
      assertThat(new HashSet<>(app.executorHosts.values())).containsOnly("127.0.0.1");
    }
    App customers = apps.get("mesh customers.profile");
    App sales = apps.get("mesh sales.orders sales.order_lines");
    assertThat(customers.start).as("the two applications overlap").isLessThan(sales.end);
    assertThat(sales.start).as("the two applications overlap").isLessThan(customers.end);
    Set<Integer> usedWorkers = new TreeSet<>();
    usedWorkers.addAll(customers.workerUiPorts);
    usedWorkers.addAll(sales.workerUiPorts);
    assertThat(customers.workerUiPorts).hasSize(1);
    assertThat(sales.workerUiPorts).hasSize(1);
    assertThat(usedWorkers).as("one worker each").containsExactlyInAnyOrderElementsOf(workerUiPorts);

    // The products, against the TPC-H generator, and the runs, read by id from a plain Spark session on the services.
    long customerCount = 0;
    for (io.trino.tpch.Customer c : Tpch.customers(SCALE)) {
      customerCount++;
    }
    Set<Long> ordersOfTheDay = new HashSet<>();
    for (io.trino.tpch.Order o : Tpch.orders(SCALE)) {
      if (DemoMeshTest.orderDate(o).equals(DATE)) {
        ordersOfTheDay.add(o.getOrderKey());
      }
    }
    assertThat(ordersOfTheDay).isNotEmpty();
    Jvm.Result read =
        SharedCatalogTest.analyst(dir, services, "cluster-analyst", List.of(
            "SELECT count(*) FROM customers.profile",
            "SELECT count(*) FROM sales.orders",
            "SELECT concat_ws('|', sum(orders), count(*), min(revenue)) FROM sales.daily_revenue WHERE order_date = DATE'" + DATE + "'",
            "SELECT concat_ws(';', sort_array(collect_list(concat_ws(' ', product, cast(logical_date AS string), status))))"
                + " FROM mesh.runs WHERE started_at >= timestamp_millis(" + submitted + ")",
            "SELECT input_file_name() FROM sales.orders LIMIT 1"), null);
    assertThat(read.code()).as("the analyst's session:%s", read.tail()).isZero();
    Map<String, String> out = read.lines();
    assertThat(out.get("sql 0")).as("customers.profile").isEqualTo(String.valueOf(customerCount));
    assertThat(out.get("sql 1")).as("sales.orders").isEqualTo(String.valueOf(ordersOfTheDay.size()));
    String[] revenue = out.get("sql 2").split("\\|");
    assertThat(Long.parseLong(revenue[0])).as("orders counted by sales.daily_revenue").isEqualTo(ordersOfTheDay.size());
    assertThat(Long.parseLong(revenue[1])).isPositive();
    assertThat(new java.math.BigDecimal(revenue[2])).isPositive();
    assertThat(read.stdoutLines().stream().filter(l -> l.startsWith("sql 3 ")).findFirst().orElseThrow().substring(6).split(";"))
        .as("the runs the cluster's applications recorded in mesh.runs")
        .containsExactlyInAnyOrder(
            "customers.profile 1995-06-01 succeeded",
            "sales.orders 1995-06-01 succeeded",
            "sales.order_lines 1995-06-01 succeeded",
            "sales.daily_revenue 1995-06-01 succeeded");
    assertThat(out.get("sql 4")).as("where the executors wrote sales.orders").startsWith("s3a://mesh/warehouse/");
    passed = true;
  }

  /** What an application's event log says: its name, when it ran, its executors, where its tasks ran. */
  static final class App {
    String name;
    long start;
    long end = Long.MAX_VALUE;
    final Map<String, String> executorHosts = new HashMap<>();
    final Set<Integer> workerUiPorts = new TreeSet<>();
    final Set<String> taskExecutors = new HashSet<>();

    static App read(Path file) throws IOException {
      App app = new App();
      Pattern port = Pattern.compile("^https?://[^:/]+:(\\d+)/");
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode e = JSON.readTree(line);
        switch (e.path("Event").asText()) {
          case "SparkListenerApplicationStart" -> {
            app.name = e.path("App Name").asText();
            app.start = e.path("Timestamp").asLong();
          }
          case "SparkListenerApplicationEnd" -> app.end = e.path("Timestamp").asLong();
          case "SparkListenerExecutorAdded" -> {
            JsonNode info = e.path("Executor Info");
            app.executorHosts.put(e.path("Executor ID").asText(), info.path("Host").asText());
            Matcher m = port.matcher(info.path("Log Urls").path("stderr").asText());
            if (m.find()) {
              app.workerUiPorts.add(Integer.parseInt(m.group(1)));
            }
          }
          case "SparkListenerTaskEnd" -> app.taskExecutors.add(e.path("Task Info").path("Executor ID").asText());
          default -> {}
        }
      }
      return app;
    }
  }

  /** The README's block of commands: variables, and steps of commands (those ending in '&' run together). */
  record Readme(Set<String> exported, Set<String> assigned, List<List<List<String>>> steps) {
    static Readme parse(String readme) {
      int from = readme.indexOf(BEGIN);
      int to = readme.indexOf(END);
      assertThat(from).as("README block %s", BEGIN).isPositive();
      String block = readme.substring(from + BEGIN.length(), to).replace("\\\n", " ");
      Set<String> exported = new java.util.LinkedHashSet<>();
      Set<String> assigned = new java.util.LinkedHashSet<>();
      List<List<List<String>>> steps = new ArrayList<>();
      List<List<String>> current = new ArrayList<>();
      for (String raw : block.split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("```") || line.startsWith("#")) {
          continue;
        }
        List<String> words = words(line);
        if (words.get(0).equals("export")) {
          exported.add(words.get(1).substring(0, words.get(1).indexOf('=')));
        } else if (words.get(0).matches("[A-Z_]+=.*")) {
          words.forEach(w -> assigned.add(w.substring(0, w.indexOf('='))));
        } else if (words.get(0).equals("wait")) {
          steps.add(current);
          current = new ArrayList<>();
        } else if (words.get(words.size() - 1).equals("&")) {
          current.add(words.subList(0, words.size() - 1));
        } else {
          if (!current.isEmpty()) {
            steps.add(current);
            current = new ArrayList<>();
          }
          steps.add(List.of(words));
        }
      }
      return new Readme(exported, assigned, steps);
    }

    /** Shell words: whitespace separates, double quotes group, a '#' starting a word comments out the rest. */
    static List<String> words(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder w = new StringBuilder();
      boolean quoted = false;
      boolean inWord = false;
      for (char c : line.toCharArray()) {
        if (c == '"') {
          quoted = !quoted;
          inWord = true;
        } else if (Character.isWhitespace(c) && !quoted) {
          if (inWord) {
            out.add(w.toString());
            w.setLength(0);
            inWord = false;
          }
        } else if (c == '#' && !quoted && !inWord) {
          break;
        } else {
          w.append(c);
          inWord = true;
        }
      }
      if (inWord) {
        out.add(w.toString());
      }
      return out;
    }
  }

  static List<String> expand(List<String> words, Map<String, String> vars) {
    Pattern ref = Pattern.compile("\\$\\{?([A-Z_0-9]+)}?");
    List<String> out = new ArrayList<>();
    for (String w : words) {
      Matcher m = ref.matcher(w);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = vars.get(m.group(1));
        assertThat(v).as("a value for $%s", m.group(1)).isNotNull();
        m.appendReplacement(sb, Matcher.quoteReplacement(v));
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  static String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  static int aliveWorkers(JsonNode master) {
    int alive = 0;
    for (JsonNode w : master.path("workers")) {
      alive += "ALIVE".equals(w.path("state").asText()) ? 1 : 0;
    }
    return alive;
  }

  static java.util.Optional<JsonNode> masterJson() {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? java.util.Optional.of(JSON.readTree(r.body())) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  static Process start(String name, Map<String, String> env, String mainClass, String... args) throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    jvm.addAll(SHORT_LIVED);
    return start(name, env, jvm, mainClass, args);
  }

  /** A JVM on Spark's jars with the Java 17 flags, its output in {@code <dir>/<name>.log}. */
  static Process start(String name, Map<String, String> env, List<String> jvmOptions, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JAVA17_FLAGS);
    cmd.addAll(jvmOptions);
    // What the cluster's JVMs leave in java.io.tmpdir (Spark's directories, native libraries: they are killed at the
    // end, so their shutdown hooks do not remove them) goes with the test's directory.
    cmd.add("-Djava.io.tmpdir=" + tmp());
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("SPARK_CONF_DIR");
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** The temporary directory of every JVM of the cluster (theirs and the executors'), in the test's directory. */
  static Path tmp() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  static void destroyAll() {
    // Submitters first (their executors go with their applications), then workers, then the master.
    List<Process> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    for (Process p : reversed) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : reversed) {
      try {
        p.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  static String tail(String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
      return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The first group of {@code pattern}'s first match in {@code <name>.log}, waiting (at most 60 s) for the process to print it. */
  static String logged(String name, Pattern pattern) throws IOException, InterruptedException {
    Path log = dir.resolve(name + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (Files.exists(log)) {
        Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (m.find()) {
          return m.group(1);
        }
      }
      // The log's tail only for a failure: it is read again on every poll otherwise.
      if (!processes.stream().allMatch(Process::isAlive)) {
        throw new AssertionError("a cluster process ended while " + name + " was starting; " + name + "'s log:" + tail(name));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not print /" + pattern + "/ within 60 s; its log:" + tail(name));
      }
      Thread.sleep(200);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
