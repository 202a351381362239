package dev.mesh.export.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.config.MeshConfig;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.graph.ProductGraph;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh dag}: dag-factory JSON checked as dag-factory loads it (python3 + PyYAML), without Airflow. */
class DagFactoryExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path work;

  private static void product(TestMesh mesh, String id, String extra) {
    mesh.write(
        "conf/" + id.replace('.', '/') + ".conf",
        Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", extra).replace("owner { team = test, contact = \"test@example.com\" }", ""));
  }

  /** Three domains: dsa at 03:00 feeds dsb at 04:30; dsc has no schedule and reads nothing. */
  private TestMesh mesh() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write(
        "conf/mesh.conf",
        """
        mesh {
          warehouse = "%s"
          spark.conf { "spark.sql.shuffle.partitions" = 4 }
          orchestration {
            jar-dir = "s3a://jars/mesh"
            conn-id = spark_prod
            spark-conf { "spark.executor.memory" = 2g }
            sensor.timeout = 2h
            maintenance-schedule = "@daily"
          }
          alerts.monitor.schedule = "*/15 * * * *"
        }
        """.formatted(home.resolve("warehouse")));
    mesh.write("conf/dsa/domain.conf", "domain { owner { team = team-a, contact = \"a@x.org\" }, schedule = \"0 3 * * *\", tags = [alpha], retries = 2 }\n");
    mesh.write("conf/dsb/domain.conf", "domain { owner { team = team-b, contact = \"b@x.org\" }, schedule = \"30 4 * * *\" }\n");
    mesh.write("conf/dsc/domain.conf", "domain { owner { team = team-c, contact = \"c@x.org\" } }\n");
    // A description with what YAML reads differently from JSON unless escaped: NEL, LINE SEPARATOR, DEL, '1e3', 'yes: no'.
    product(mesh, "dsa.src", "description = \"Größe \\u0085 next\\u2028line \\u007f \\\"quoted\\\" 1e3 yes: no {{ ds }} 50$\"");
    product(mesh, "dsa.clean", "inputs { upstream = dsa.src }");
    product(mesh, "dsb.local", "");
    product(mesh, "dsb.join", "inputs { a = dsa.clean, b = dsb.local }");
    product(mesh, "dsb.report", "inputs { j = dsb.join, s = dsa.src }, retries = 5, tags = [finance]");
    product(mesh, "dsc.adhoc", "");
    return mesh;
  }

  private static DagFactoryExport export(MeshConfig config) {
    return new DagFactoryExport(ProductGraph.of(config.all()), config.platform());
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void writesOneDagPerDomainThatLoadsAsDagFactoryLoadsIt() throws Exception {
    MeshConfig config = mesh().load();
    Path out = work.resolve("dags");
    Files.createDirectories(out);
    Files.writeString(out.resolve("gone.dagfactory.json"), "{}");

    DagFactoryExport.Written written = export(config).write(out);

    assertThat(written.removed()).containsExactly(out.resolve("gone.dagfactory.json"));
    assertThat(contents(out).keySet())
        .containsExactly(
            "dsa.dagfactory.json", "dsb.dagfactory.json", "dsc.dagfactory.json", "mesh-maintain.dagfactory.json",
            "mesh-monitor.dagfactory.json", "mesh_dags.py");

    // Regenerated, the files are the same bytes (no timestamps, stable order).
    Map<String, byte[]> first = contents(out);
    Path again = work.resolve("again");
    export(mesh().load()).write(again);
    Map<String, byte[]> second = contents(again);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));

    JsonNode dsb = JSON.readTree(out.resolve("dsb.dagfactory.json").toFile()).get("mesh_dsb");
    assertThat(dsb.get("schedule").asText()).isEqualTo("30 4 * * *");
    assertThat(dsb.get("catchup").asBoolean()).isFalse();
    assertThat(dsb.get("default_args").get("owner").asText()).isEqualTo("team-b");
    assertThat(dsb.get("default_args").get("start_date").asText()).isEqualTo("2024-01-01");
    assertThat(dsb.get("default_args").get("retry_delay").toString()).isEqualTo("{\"__type__\":\"datetime.timedelta\",\"seconds\":300}");
    assertThat(dsb.get("tags").toString()).isEqualTo("[\"mesh\",\"dsb\",\"finance\"]");
    List<String> taskIds = new ArrayList<>();
    dsb.get("tasks").forEach(t -> taskIds.add(t.get("task_id").asText()));
    assertThat(taskIds).containsExactly("wait-for-dsa-clean", "wait-for-dsa-src", "local", "join", "report");

    JsonNode sensor = dsb.get("tasks").get(0);
    assertThat(sensor.get("operator").asText()).isEqualTo("airflow.sensors.external_task.ExternalTaskSensor");
    assertThat(sensor.get("external_dag_id").asText()).isEqualTo("mesh_dsa");
    assertThat(sensor.get("external_task_id").asText()).isEqualTo("clean");
    assertThat(sensor.get("mode").asText()).isEqualTo("reschedule");
    assertThat(sensor.get("timeout").asLong()).isEqualTo(7200);
    // dsb runs 90 minutes after dsa: the sensor looks for dsa's run of the same day.
    assertThat(sensor.get("execution_delta").asText()).isEqualTo("90 minutes");

    JsonNode join = dsb.get("tasks").get(3);
    assertThat(join.get("operator").asText()).isEqualTo("airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator");
    assertThat(join.get("application").asText()).isEqualTo("s3a://jars/mesh/mesh-jobs-dsb.jar");
    assertThat(join.get("jars").asText()).isEqualTo("s3a://jars/mesh/mesh-runtime.jar");
    assertThat(join.get("java_class").asText()).isEqualTo("dev.mesh.runner.MeshJob");
    assertThat(join.get("application_args").toString()).isEqualTo("[\"run\",\"dsb.join\",\"--date\",\"{{ ds }}\"]");
    assertThat(join.get("conn_id").asText()).isEqualTo("spark_prod");
    assertThat(join.get("conf").toString()).isEqualTo("{\"spark.executor.memory\":\"2g\",\"spark.sql.shuffle.partitions\":\"4\"}");
    assertThat(join.get("dependencies").toString()).isEqualTo("[\"local\",\"wait-for-dsa-clean\"]");
    assertThat(join.has("retries")).isFalse();
    assertThat(dsb.get("tasks").get(4).get("retries").asInt()).isEqualTo(5);

    JsonNode dsa = JSON.readTree(out.resolve("dsa.dagfactory.json").toFile()).get("mesh_dsa");
    assertThat(dsa.get("tasks").get(0).get("retries").asInt()).as("retries from domain.conf").isEqualTo(2);
    assertThat(dsa.get("tasks").get(0).get("doc_md").asText()).startsWith("Größe \u0085 next\u2028line");
    JsonNode dsc = JSON.readTree(out.resolve("dsc.dagfactory.json").toFile()).get("mesh_dsc");
    assertThat(dsc.get("schedule").isNull()).isTrue();
    String raw = Files.readString(out.resolve("dsa.dagfactory.json"));
    assertThat(raw).contains("\\u0085").contains("\\u2028").contains("\\u007F").doesNotContain("\r");

    Path expected = work.resolve("products.txt");
    Files.writeString(expected, String.join("\n", config.products().keySet().stream().map(Object::toString).toList()) + "\n");
    Process check = python(checker().toString(), out.toString(), expected.toString());
    assertThat(check.exitValue()).as(output(check)).isZero();
    assertThat(output(check)).startsWith("OK 5 files, 5 DAGs, 6 products, 2 sensors, 1 monitor, 1 maintenance");

    // The monitor DAG: mesh monitor from the runtime jar, on mesh.alerts.monitor.schedule.
    JsonNode monitor = JSON.readTree(out.resolve("mesh-monitor.dagfactory.json").toFile()).get("mesh_monitor");
    assertThat(monitor.get("schedule").asText()).isEqualTo("*/15 * * * *");
    assertThat(monitor.get("catchup").asBoolean()).isFalse();
    JsonNode monitorTask = monitor.get("tasks").get(0);
    assertThat(monitorTask.get("application").asText()).isEqualTo("s3a://jars/mesh/mesh-runtime.jar");
    assertThat(monitorTask.get("application_args").toString()).isEqualTo("[\"monitor\"]");
    assertThat(monitorTask.get("java_class").asText()).isEqualTo("dev.mesh.runner.MeshJob");

    // The maintenance DAG: mesh maintain --all from the runtime jar, on mesh.orchestration.maintenance-schedule.
    JsonNode maintain = JSON.readTree(out.resolve("mesh-maintain.dagfactory.json").toFile()).get("mesh_maintain");
    assertThat(maintain.get("schedule").asText()).isEqualTo("@daily");
    assertThat(maintain.get("max_active_runs").asInt()).isEqualTo(1);
    JsonNode maintainTask = maintain.get("tasks").get(0);
    assertThat(maintainTask.get("application").asText()).isEqualTo("s3a://jars/mesh/mesh-runtime.jar");
    assertThat(maintainTask.get("application_args").toString()).isEqualTo("[\"maintain\",\"--all\"]");
    assertThat(maintainTask.get("conf").toString()).isEqualTo("{\"spark.executor.memory\":\"2g\",\"spark.sql.shuffle.partitions\":\"4\"}");

    Process compile = python("-m", "py_compile", out.resolve("mesh_dags.py").toString());
    assertThat(compile.exitValue()).as(output(compile)).isZero();
    assertThat(Files.readString(out.resolve("mesh_dags.py")))
        .contains("from dagfactory import load_yaml_dags")
        .contains("suffix=[\".dagfactory.json\"]");
  }

  /**
   * Airflow parses its DAG folder while mesh dag rewrites it: each file is replaced whole, by a rename of a file
   * written beside it (a new file where the old one was, never the old one truncated and rewritten), and nothing is
   * left beside them.
   */
  @Test
  void aRewriteReplacesEachFileWholeByARename() throws Exception {
    Path out = work.resolve("dags");
    export(mesh().load()).write(out);
    Map<String, Object> before = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.toList()) {
        before.put(f.getFileName().toString(), Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
      }
    }
    assertThat(before.values()).as("this file system names files by a key (an inode)").doesNotContainNull();

    export(mesh().load()).write(out);

    try (Stream<Path> files = Files.list(out)) {
      List<Path> now = files.toList();
      assertThat(now).extracting(f -> f.getFileName().toString()).containsExactlyInAnyOrderElementsOf(before.keySet());
      for (Path f : now) {
        assertThat(Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
            .as("%s is a new file, not the old one rewritten", f.getFileName()).isNotEqualTo(before.get(f.getFileName().toString()));
      }
    }
  }

  @Test
  void theCheckFindsWhatWouldBreakInAirflow() throws Exception {
    Path dir = work.resolve("bad");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("x.dagfactory.json"),
        """
        { "mesh_x" : { "schedule_interval" : "@daily", "default_args" : { "start_date" : "2024-01-01" },
          "tasks" : [
            { "task_id" : "a", "operator" : "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator",
              "application" : "j.jar", "java_class" : "C", "conn_id" : "c",
              "application_args" : [ "run", "x.a", "--date", "{{ ds }}" ], "dependencies" : [ "b", "nowhere" ] },
            { "task_id" : "b", "operator" : "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator",
              "application" : "j.jar", "java_class" : "C", "conn_id" : "c",
              "application_args" : [ "run", "x.a", "--date", "{{ ds }}" ], "dependencies" : [ "a" ], "note" : 1e3 } ] } }
        """);
    Path expected = work.resolve("expected.txt");
    Files.writeString(expected, "x.a\nx.b\n");

    Process check = python(checker().toString(), dir.toString(), expected.toString());

    assertThat(check.exitValue()).isEqualTo(1);
    assertThat(output(check))
        .contains("YAML loading (after os.path.expandvars) differs from the JSON")
        .contains("schedule_interval at mesh_x.schedule_interval")
        .contains("mesh_x.a depends on nowhere, which is not a task of mesh_x")
        .contains("DAG mesh_x has a cycle: a -> b -> a")
        .contains("missing ['x.b'], duplicated or unexpected ['x.a']");
  }

  @Test
  void theMaintenanceDagFollowsItsScheduleAndAnEmptyOneWritesNone() throws IOException {
    TestMesh mesh = mesh();
    Path conf = home.resolve("conf/mesh.conf");
    String text = Files.readString(conf);
    Files.writeString(conf, text.replace("maintenance-schedule = \"@daily\"", "maintenance-schedule = \"\""));
    assertThat(export(mesh.load()).render()).doesNotContainKey(DagFactoryExport.MAINTENANCE_FILE).containsKey(DagFactoryExport.MONITOR_FILE);

    Files.writeString(conf, text.replace("maintenance-schedule = \"@daily\"", "maintenance-schedule = \"on sundays\""));
    assertThatThrownBy(mesh::load)
        .hasMessageContaining("mesh.conf:" + lineOf(conf, "maintenance-schedule") + ": mesh.orchestration.maintenance-schedule: is not a valid cron expression")
        .hasMessageContaining("or an Airflow preset: @daily, @hourly, @monthly, @quarterly, @weekly, @yearly (\"\" for no maintenance DAG)");

    Files.writeString(conf, text.replace("maintenance-schedule = \"@daily\"\n", ""));
    assertThat(JSON.readTree(export(mesh.load()).render().get(DagFactoryExport.MAINTENANCE_FILE)).get("mesh_maintain").get("schedule").asText())
        .as("the default: Sundays at 04:00").isEqualTo("0 4 * * 0");
  }

  @Test
  void aDomainNamedAsAPlatformDagIsRefused() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    product(mesh, "maintain.tables", "owner { team = t, contact = c }");
    product(mesh, "monitor.screens", "owner { team = t, contact = c }");

    assertThatThrownBy(() -> export(mesh.load()).render())
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("Cannot export the Airflow DAGs: 2 problems")
        .hasMessageContaining("The monitor DAG's id 'mesh_monitor' is also domain monitor's: rename the domain.")
        .hasMessageContaining("The maintain DAG's id 'mesh_maintain' is also domain maintain's: rename the domain.");
  }

  @Test
  void refusesSchedulesOneDagCannotKeepOrASensorCannotAlign() throws IOException {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/early/domain.conf", "domain { schedule = \"0 1 * * *\" }\n");
    mesh.write("conf/late/domain.conf", "domain { schedule = \"0 5 * * *\" }\n");
    product(mesh, "late.src", "owner { team = t, contact = c }");
    product(mesh, "early.reader", "owner { team = t, contact = c }, inputs { s = late.src }");
    product(mesh, "mixed.one", "owner { team = t, contact = c }, schedule = \"0 2 * * *\"");
    product(mesh, "mixed.two", "owner { team = t, contact = c }, schedule = \"0 3 * * 1\"");
    product(mesh, "odd.env", "owner { team = t, contact = c }, description = \"costs in $HOME\"");

    assertThatThrownBy(() -> export(mesh.load()).render())
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.INVALID))
        .hasMessageContaining("Cannot export the Airflow DAGs: 3 problems")
        // At the line of the input that reads it.
        .hasMessageContaining("early.reader (" + home.resolve("conf/early/reader.conf") + ":" + lineOf(home.resolve("conf/early/reader.conf"), "s = late.src") + ") reads late.src")
        .hasMessageContaining("reads late.src, but early runs at '0 1 * * *', before late ('0 5 * * *') has produced it. Schedule early after late.")
        .hasMessageContaining("Domain mixed has products on different schedules ('0 2 * * *': mixed.one; '0 3 * * 1': mixed.two)")
        .hasMessageContaining("'costs in $HOME' holds '$' before a name, which dag-factory replaces with an environment variable");
  }

  /** The number of the first line of {@code file} that holds {@code text}. */
  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  private Path checker() throws IOException {
    Path script = work.resolve("check_dagfactory.py");
    try (InputStream in = getClass().getResourceAsStream("/airflow/check_dagfactory.py")) {
      assertThat(in).as("test resource airflow/check_dagfactory.py").isNotNull();
      Files.copy(in, script);
    }
    return script;
  }

  private Process python(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PYTHONPYCACHEPREFIX", work.resolve("pycache").toString());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("This test needs python3 (and Debian's python3-yaml) on the PATH: " + e.getMessage(), e);
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    outputs.put(p, text);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
    if (p.exitValue() == 3 && text.contains("PyYAML is missing")) {
      throw new AssertionError("PyYAML is missing: apt-get install -y python3-yaml (the dag-factory load check needs it).\n" + text);
    }
    return p;
  }

  private final Map<Process, String> outputs = new java.util.HashMap<>();

  private String output(Process p) {
    return outputs.get(p);
  }
}
