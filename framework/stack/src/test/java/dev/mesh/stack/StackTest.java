package dev.mesh.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.stack.testing.SharedStack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real services, one stack for the class (the JVM's {@link SharedStack}); the lifecycle test (down, up again)
 * runs last and leaves the stack up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackTest {
  private static StackEndpoints stack;
  private static SparkSession spark;

  /** The clients' temporary files: Hive's client makes a session directory there that Spark never removes. */
  @TempDir static Path clientTmp;

  @BeforeAll
  static void startStackAndSession() {
    SharedStack.assumeAvailable();
    stack = SharedStack.get();
    SparkSession.Builder b =
        SparkSession.builder().master("local[1]").appName("mesh-stack-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.hadoop.hive.downloaded.resources.dir", clientTmp.resolve("resources").toString());
    stack.sparkConf("rest").forEach(b::config);
    spark = b.enableHiveSupport().getOrCreate();
  }

  @AfterAll
  static void stopSession() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  @Order(1)
  void theServiceJvmsRunC1AndTheSerialCollectorThenWhatMeshStackJavaOptsAdds() throws IOException {
    // This module's surefire sets MESH_STACK_JAVA_OPTS=-Dmesh.stack.test.option=given for the stack it starts.
    List<ServiceStatus> java = SharedStack.stack().status().stream().filter(s -> !s.name().equals("postgres")).toList();
    assertThat(java).extracting(ServiceStatus::name).containsExactly("iceberg-rest", "hive-metastore");
    for (ServiceStatus s : java) {
      List<String> args = List.of(Files.readString(Path.of("/proc/" + s.pid() + "/cmdline"), StandardCharsets.UTF_8).split("\0"));
      assertThat(args).as("command line of %s", s.name()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
      assertThat(args.indexOf("-Dmesh.stack.test.option=given")).as("MESH_STACK_JAVA_OPTS after mesh's options, in %s", s.name())
          .isGreaterThan(args.indexOf("-XX:+UseSerialGC"));
    }
  }

  @Test
  @Order(1)
  void everyServiceRunsAndAnswers() throws Exception {
    List<ServiceStatus> status = SharedStack.stack().status();
    assertThat(status).extracting(ServiceStatus::name).containsExactly("postgres", "iceberg-rest", "hive-metastore");
    assertThat(status).allSatisfy(s -> assertThat(s.running()).as(s.name()).isTrue());
    assertThat(status).allSatisfy(s -> assertThat(s.pid()).as(s.name()).isPositive());
    assertThat(get(stack.catalogUri() + "/v1/config").statusCode()).isEqualTo(200);
    assertThat(Ports.listening(port(stack.metastoreUri()))).isTrue();
    assertThat(Ports.listening(port(stack.postgresUrl()))).isTrue();
    assertThat(SharedStack.stack().isUp()).isTrue();
  }

  @Test
  @Order(4)
  void noServiceLogHoldsThePostgresPassword() throws Exception {
    // Read after the REST catalog served requests (the tests before created a namespace and tables through it).
    for (ServiceStatus s : SharedStack.stack().status()) {
      String log = java.nio.file.Files.readString(s.log());
      assertThat(log).as("%s's log", s.name()).doesNotContain(stack.postgresPassword());
    }
  }

  @Test
  @Order(2)
  void theRestCatalogCreatesAndListsANamespace() throws Exception {
    HttpResponse<String> created = post(stack.catalogUri() + "/v1/namespaces", "{\"namespace\":[\"rest_probe\"],\"properties\":{}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    HttpResponse<String> list = get(stack.catalogUri() + "/v1/namespaces");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("[\"rest_probe\"]");
  }

  @Test
  @Order(3)
  void sparkUsesTheMetastoreAndTheRestCatalogAndASecondJvmSeesWhatItWrote() throws Exception {
    spark.sql("create database if not exists stack_probe");
    spark.sql("create table stack_probe.orders (id int, amount double) using parquet");
    spark.sql("insert into stack_probe.orders values (1, 10.5), (2, 20.0)");
    assertThat(spark.sql("show tables in stack_probe").collectAsList()).extracting(r -> r.getString(1)).containsExactly("orders");
    spark.sql("create namespace if not exists rest.sales");
    spark.sql("create table rest.sales.lines (id int) using iceberg");
    spark.sql("insert into rest.sales.lines values (1), (2), (3)");
    // The table's files are under the stack's warehouse, written through the REST server's JDBC catalog.
    assertThat(get(stack.catalogUri() + "/v1/namespaces/sales/tables").body()).contains("\"lines\"");

    List<String> out = secondJvm("stack_probe", "sales.lines");
    assertThat(out).contains("hive-tables=orders", "hive-rows=2", "iceberg-rows=3");
  }

  @Test
  @Order(5)
  void envPrintsExportLinesAShellEvaluates() throws Exception {
    Path script = Files.createTempFile("mesh-stack-env", ".sh");
    try {
      Files.writeString(script, String.join("\n", stack.exports()) + "\n");
      Process p =
          new ProcessBuilder("bash", "-c", "eval \"$(cat " + script + ")\"; echo \"$MESH_ENV|$MESH_CATALOG_URI|$MESH_METASTORE_URI|$MESH_PG_URL|$MESH_PG_USER\"")
              .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out)
          .isEqualTo("shared|" + stack.catalogUri() + "|" + stack.metastoreUri() + "|" + stack.postgresUrl() + "|mesh");
      assertThat(stack.exports()).allMatch(l -> l.matches("export MESH_[A-Z_]+=\\S+"));
      assertThat(stack.catalogUri()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(stack.metastoreUri()).matches("thrift://127\\.0\\.0\\.1:\\d+");
    } finally {
      Files.deleteIfExists(script);
    }
    assertThat(StackEndpoints.shellQuote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
  }

  @Test
  @Order(6)
  void downStopsEveryServiceAndUpBringsBackTheCatalogsFromPostgres() throws Exception {
    Stack s = SharedStack.stack();
    List<ServiceStatus> before = s.status();

    assertThat(s.down()).isTrue();
    for (ServiceStatus service : before) {
      assertThat(Ports.listening(port(service.endpoint()))).as(service.name() + " still listens").isFalse();
      assertThat(ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false)).as(service.name() + " still runs").isFalse();
    }
    assertThat(s.status()).noneMatch(ServiceStatus::running);
    assertThat(s.isUp()).isFalse();
    assertThat(s.down()).as("down when down").isFalse();
    assertThatThrownBy(s::endpoints).isInstanceOf(StackException.class).hasMessageContaining("is not up: run 'bin/mesh stack up'");

    Stack.Started again = s.up();
    assertThat(again.alreadyUp()).isFalse();
    assertThat(again.endpoints()).as("same ports, same URIs").isEqualTo(stack);
    assertThat(get(stack.catalogUri() + "/v1/namespaces").body()).contains("[\"rest_probe\"]", "[\"sales\"]");
    assertThat(spark.sql("select count(*) from stack_probe.orders").first().getLong(0)).isEqualTo(2);
    assertThat(spark.sql("select count(*) from rest.sales.lines").first().getLong(0)).isEqualTo(3);
    assertThat(s.up().alreadyUp()).isTrue();
  }

  private static List<String> secondJvm(String database, String icebergTable) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Spark's Java 17 flags, as this JVM got them from surefire.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect"))
        .forEach(cmd::add);
    // A short-lived child: C1 only and one GC thread (dev.mesh.testing.ChildJvm says why; this module does not see it).
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + clientTmp,
        "-cp", System.getProperty("java.class.path"),
        SparkClientCheck.class.getName(),
        stack.metastoreUri(), stack.warehouse().toUri().toString(), stack.catalogUri(), database, icebergTable));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  static int port(String uri) {
    String rest = uri.substring(uri.lastIndexOf(':') + 1);
    return Integer.parseInt(rest.replaceAll("[^0-9].*", ""));
  }

  private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String uri, String json) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
