package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mesh as a user runs it after the build: its JVM maps the class-data sharing archive the build recorded
 * (jobs/demo/target/mesh.jsa), so the CLI's own classes come from it, not from a jar; {@code MESH_CDS=0} starts
 * without it from the compiled classes, and both print the same plan; so does a JVM under a flight recording. It
 * also picks the JIT by command.
 */
class LauncherTest {
  private static final Path PROJECT = Path.of(System.getProperty("mesh.project.dir")).toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void binMeshStartsFromTheArchiveTheBuildRecorded() throws IOException, InterruptedException {
    assertThat(PROJECT.resolve("jobs/demo/target/mesh.jsa")).as("recorded by the build (generate-test-resources)").isNotEmptyFile();

    Path withArchive = tmp.resolve("with.log");
    String planned = planAll(Map.of("MESH_JAVA_OPTS", "-Xlog:class+load=info:file=" + withArchive));
    assertThat(Files.readString(withArchive)).contains("dev.mesh.cli.MeshCli source: shared objects file (top)");

    Path without = tmp.resolve("without.log");
    String plannedWithout = planAll(Map.of("MESH_CDS", "0", "MESH_JAVA_OPTS", "-Xlog:class+load=info:file=" + without));
    assertThat(Files.readString(without))
        .doesNotContain("dev.mesh.cli.MeshCli source: shared objects file")
        .containsPattern("dev\\.mesh\\.cli\\.MeshCli source: file:.*/framework/cli/target/classes/");

    assertThat(planned).contains("customers.profile").isEqualTo(plannedWithout);
  }

  /**
   * A domain adds its module (jobs/&lt;domain&gt;/ with a pom.xml) and bin/mesh runs its transforms, with no change to
   * bin/mesh: a project whose platform and demo domains are this build's (linked), bin/ a copy, and one more domain,
   * zeta, whose Java transform exists only in jobs/zeta/target/classes. {@code mesh validate} loads every transform
   * class; before bin/mesh found domain modules by looking, it said the class is not on the classpath.
   */
  @Test
  void aNewDomainsModuleIsOnTheClasspathWithoutAChangeToBinMesh(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("bin"));
    try (var files = Files.list(PROJECT.resolve("bin"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, root.resolve("bin").resolve(f.getFileName()));
      }
    }
    Files.createSymbolicLink(root.resolve("framework"), PROJECT.resolve("framework"));
    Files.createSymbolicLink(root.resolve("quality"), PROJECT.resolve("quality"));
    Files.createDirectories(root.resolve("jobs"));
    try (var domains = Files.list(PROJECT.resolve("jobs"))) {
      for (Path d : domains.filter(Files::isDirectory).toList()) {
        Files.createSymbolicLink(root.resolve("jobs").resolve(d.getFileName()), d);
      }
    }
    Path zeta = root.resolve("jobs/zeta");
    Files.createDirectories(zeta.resolve("target/classes"));
    Files.writeString(zeta.resolve("pom.xml"), Files.readString(PROJECT.resolve("jobs/finance/pom.xml")).replace("finance", "zeta"));
    Path source = zeta.resolve("src/main/java/dev/mesh/jobs/zeta/Nations.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package dev.mesh.jobs.zeta;

        public final class Nations implements dev.mesh.api.Transform {
          @Override
          public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> apply(dev.mesh.api.TransformContext ctx) {
            return ctx.input("nation").selectExpr("n_nationkey AS nation_key", "n_name AS name");
          }
        }
        """);
    int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-d", zeta.resolve("target/classes").toString(), "-cp", System.getProperty("java.class.path"), source.toString());
    assertThat(compiled).as("javac of the zeta domain's transform").isZero();
    Files.createDirectories(root.resolve("conf/zeta"));
    Files.writeString(root.resolve("conf/mesh.conf"), "mesh { warehouse = \"" + root.resolve("warehouse") + "\" }\n");
    Files.writeString(root.resolve("conf/zeta/nations.conf"), """
        product {
          id = zeta.nations
          description = "The nations of the TPC-H source, by key."
          version = "1.0.0"
          owner { team = zeta, contact = "zeta@example.com" }
          inputs { nation { source = tpch, table = nation } }
          transform.class = dev.mesh.jobs.zeta.Nations
          output { format = delta }
          schema { nation_key = bigint, name = string }
          sla { freshness = 7d, rules = [ { rule = unique, columns = [nation_key] } ] }
        }
        """);

    Output validated = mesh(root, Map.of(), "validate");
    assertThat(validated.out()).contains("OK: 1 product, 0 errors, 0 warnings.");
  }

  /** JDK 17 crashes (SIGSEGV) loading an archive's classes under a flight recording: bin/mesh then starts without it. */
  @Test
  void binMeshRunsUnderAFlightRecording() throws IOException, InterruptedException {
    Path recording = tmp.resolve("plan.jfr");
    Path classes = tmp.resolve("classes.log");

    String planned = planAll(Map.of("MESH_JAVA_OPTS",
        "-XX:StartFlightRecording=filename=" + recording + " -Xlog:class+load=info:file=" + classes));

    assertThat(planned).contains("customers.profile");
    assertThat(recording).isNotEmptyFile();
    assertThat(Files.readString(classes)).doesNotContain("dev.mesh.cli.MeshCli source: shared objects file");
  }

  /**
   * The JIT each command gets: C1 alone for the commands that answer and exit and for the demo at its own scale (tiny
   * data, many runs), the default tiered compiler (up to C2) for runs and for a demo at another {@code --scale}; a
   * later {@code -XX:TieredStopAtLevel} in MESH_JAVA_OPTS wins. The demo at its own scale also has Spark evaluate
   * expressions interpreted ({@code spark.*} system properties are the session's defaults); nothing else does.
   */
  @Test
  void binMeshPicksTheCompilerAndCodeGenerationByCommand() throws IOException, InterruptedException {
    Map<String, String> flags = Map.of("MESH_JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties");
    Output demo = mesh(flags, "demo", "--help");
    assertThat(stopLevel(demo.out())).as("bin/mesh demo").isEqualTo(1);
    assertThat(codegen(demo.err())).as("bin/mesh demo: Spark's code generation").isEqualTo("false NO_CODEGEN");
    Output status = mesh(flags, "status", "--help");
    assertThat(stopLevel(status.out())).as("bin/mesh status").isEqualTo(1);
    assertThat(codegen(status.err())).as("bin/mesh status: Spark's code generation").isEqualTo("- -");
    Output run = mesh(flags, "run", "--help");
    assertThat(stopLevel(run.out())).as("bin/mesh run").isEqualTo(4);
    assertThat(codegen(run.err())).as("bin/mesh run: Spark's code generation").isEqualTo("- -");
    Output scaled = mesh(flags, "demo", "--scale", "1", "--help");
    assertThat(stopLevel(scaled.out())).as("bin/mesh demo at another scale").isEqualTo(4);
    assertThat(codegen(scaled.err())).as("bin/mesh demo at another scale: Spark's code generation").isEqualTo("- -");
    Output restored = mesh(Map.of("MESH_JAVA_OPTS",
        "-XX:TieredStopAtLevel=4 -Dspark.sql.codegen.wholeStage=true -Dspark.sql.codegen.factoryMode=FALLBACK -XX:+PrintFlagsFinal"
            + " -XshowSettings:properties"), "demo", "--help");
    assertThat(stopLevel(restored.out())).as("bin/mesh demo with the default JIT restored").isEqualTo(4);
    assertThat(codegen(restored.err())).as("bin/mesh demo with code generation restored").isEqualTo("true FALLBACK");
  }

  /**
   * {@code spark.sql.codegen.wholeStage} and {@code spark.sql.codegen.factoryMode} as {@code -XshowSettings:properties}
   * lists the JVM's system properties ({@code -} for one not set); with a property given twice, the JVM keeps the later.
   */
  private static String codegen(String settings) {
    return property(settings, "spark.sql.codegen.wholeStage") + " " + property(settings, "spark.sql.codegen.factoryMode");
  }

  private static String property(String settings, String name) {
    assertThat(settings).as("-XshowSettings:properties output").contains("Property settings:");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s*" + java.util.regex.Pattern.quote(name) + " = (\\S+)\\s*$").matcher(settings);
    return m.find() ? m.group(1) : "-";
  }

  private static int stopLevel(String flagsFinal) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s*intx TieredStopAtLevel\\s+=\\s+(\\d+)").matcher(flagsFinal);
    assertThat(m.find()).as("-XX:+PrintFlagsFinal's TieredStopAtLevel in:%n%s", flagsFinal).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String planAll(Map<String, String> env) throws IOException, InterruptedException {
    return mesh(env, "plan", "--all").out();
  }

  /** What a bin/mesh process printed on stdout and on stderr. */
  private record Output(String out, String err) {}

  private static Output mesh(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return mesh(PROJECT, env, args);
  }

  /** bin/mesh of the project at {@code root}. */
  private static Output mesh(Path root, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/mesh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("MESH_SKIP_BUILD", "1");
    pb.environment().remove("MESH_EXTRA_CLASSPATH");
    pb.environment().putAll(env);
    // To files: -XX:+PrintFlagsFinal alone writes more than a pipe holds before the process is waited for.
    Path stdout = Files.createTempFile("launcher-test", ".out");
    Path stderr = Files.createTempFile("launcher-test", ".err");
    Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    Files.delete(stdout);
    Files.delete(stderr);
    assertThat(done).as("bin/mesh %s ended within 120 s", String.join(" ", args)).isTrue();
    assertThat(p.exitValue()).as("bin/mesh %s; stderr:\n%s", String.join(" ", args), err).isZero();
    return new Output(out, err);
  }
}
