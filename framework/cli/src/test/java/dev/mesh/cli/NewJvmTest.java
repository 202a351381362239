package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Products and catalog tables are queryable by name from a new JVM: names live in the warehouse, not in memory. */
class NewJvmTest {
  @TempDir Path home;

  @Test
  void aNewProcessQueriesProductsAndRunsByName() throws IOException, InterruptedException {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/jvm/delta_nums.conf", Products.numbers("jvm.delta_nums", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/jvm/ice_nums.conf", Products.numbers("jvm.ice_nums", Transforms.Numbers.class.getName(), "iceberg", "", ""));
    MeshContext ctx = mesh.context();
    for (String id : List.of("jvm.delta_nums", "jvm.ice_nums")) {
      assertThat(new ProductRunner(ctx).run(ctx.config().product(id), LocalDate.of(2024, 5, 7)).status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }

    List<String> cmd = javaCommand();
    cmd.addAll(List.of("-Dmesh.home=" + home, "-Dmesh.spark.master=local[1]", "-cp", System.getProperty("java.class.path"),
        MeshCli.class.getName(), "sql", "--format", "csv",
        "select d.id, d.value, i.value as ice_value, r.status from jvm.delta_nums d join jvm.ice_nums i on d.id = i.id "
            + "join (select product, status from mesh.runs where product = 'jvm.delta_nums') r on true order by d.id"));
    assertThat(run(cmd).lines().toList())
        .containsExactly("id,value,ice_value,status", "7,77,77,succeeded", "8,78,78,succeeded", "9,79,79,succeeded");
  }

  /**
   * The metadata commands, {@code mesh validate} comparing with the published contracts, and a {@code mesh monitor}
   * that finds nothing new, answer from the catalog tables without a Spark session (Delta Kernel reads them): their JVM
   * is given a Spark master that cannot start, and still answers.
   */
  @Test
  void metadataCommandsAnswerWithoutStartingSpark() throws IOException, InterruptedException {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/nospark/nums.conf", Products.numbers("nospark.nums", Transforms.Numbers.class.getName(), "delta", "", "sla { rules = [ { rule = row-count, min = 1 } ], freshness = 26h }"));
    MeshContext ctx = mesh.context();
    assertThat(new ProductRunner(ctx).run(ctx.config().product("nospark.nums"), LocalDate.of(2024, 5, 8)).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    String unstartable = "-Dmesh.spark.master=no-such-master";
    for (List<String> args : List.of(List.of("status"), List.of("quality", "nospark.nums"), List.of("lineage", "nospark.nums"), List.of("validate"),
        List.of("monitor"))) {
      List<String> cmd = javaCommand();
      cmd.addAll(List.of("-Dmesh.home=" + home, unstartable, "-cp", System.getProperty("java.class.path"), MeshCli.class.getName()));
      cmd.addAll(args);
      String out = run(cmd);
      switch (args.get(0)) {
        case "status" -> assertThat(out).containsPattern("nospark\\.nums +test +\\d{4}-\\d\\d-\\d\\d [0-9:.]+ +2024-05-08 +succeeded");
        case "quality" -> assertThat(out).contains("nospark.nums: 1 most recent runs").containsPattern("2024-05-08 +row_count +row-count.* passed");
        // Nothing late and nothing open: nothing to record, so the monitor (every 30 minutes on a schedule) needs no Spark.
        case "validate" -> assertThat(out).contains("schemas compared with 1 published contract");
        case "monitor" -> assertThat(out).containsPattern("nospark\\.nums +freshness +ok +last success").contains("0 breaches; 0 alert events");
        default -> assertThat(out).startsWith("upstream of nospark.nums");
      }
    }
  }

  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.reflect")) {
        cmd.add(arg);
      }
    }
    Path project = Path.of(System.getProperty("mesh.project.dir", "../"));
    cmd.add("-Dlog4j2.configurationFile=" + project.resolve("bin/log4j2.properties").toAbsolutePath());
    cmd.add("-Xmx1g");
    cmd.addAll(dev.mesh.testing.ChildJvm.OPTIONS);
    return cmd;
  }

  /** Runs a child JVM: its standard output, once it exited 0. */
  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("the child JVM finished").isTrue();
    assertThat(p.exitValue()).as("exit code of %s; stderr:\n%s", cmd.subList(cmd.size() - 2, cmd.size()), err).isZero();
    return out;
  }
}
