package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mesh.notebook.Jupyter;
import dev.mesh.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Executes every notebook of {@code notebooks/} through real Jupyter (nbclient) with the mesh kernel, by
 * {@code mesh notebook run}, over the demo warehouse {@link DemoMeshTest} built (the demo runs once per build).
 * Each executed notebook goes to a temporary file (the committed ones are never rewritten), must have no error
 * output, must hold HTML tables, and must validate against the nbformat schema (a copy in the test resources); the notebooks hold at
 * least one PNG chart between them.
 */
final class NotebookExecution {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NotebookExecution() {}

  /** A result per notebook, for the report ({@code millis}: the command that ran it, two notebooks side by side). */
  record Executed(String name, long millis, int tables, int images) {}

  static List<Executed> executeAll(Path project, Path warehouse) throws Exception {
    if (!Jupyter.find().available()) {
      String message = "Jupyter is not installed, so the notebooks in notebooks/ cannot be executed. Install it with: " + Jupyter.INSTALL_HINT;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + " (.ci/run does this)");
      }
      Assumptions.abort(message);
    }
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(project.resolve("notebooks"))) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb") && !p.toString().endsWith(".nbconvert.ipynb")).sorted().toList();
    }
    assertThat(notebooks).as("notebooks/*.ipynb").hasSizeGreaterThanOrEqualTo(4);
    Schema schema = nbformatSchema();
    Path out = TempDirs.create("mesh-notebooks");
    List<Executed> done = new ArrayList<>();
    int images = 0;
    Map<Path, byte[]> committed = new HashMap<>();
    for (Path nb : notebooks) {
      committed.put(nb, Files.readAllBytes(nb));
    }
    // As a user would (bin/mesh notebook run notebooks/*.ipynb), two kernels at a time (on 2 cores no faster than one
    // at a time, but it keeps the side-by-side path tested), in two commands with one kernel per notebook either way:
    // the first half into a Jupyter data directory with no kernelspec (the run installs it), the second where another
    // build's kernelspec is installed (the run uses one of its own, in a temporary directory it removes at the end, and
    // leaves the installed one as it was).
    List<Path> first = notebooks.subList(0, notebooks.size() / 2);
    List<Path> second = notebooks.subList(notebooks.size() / 2, notebooks.size());
    Path fresh = TempDirs.create("mesh-jupyter-data");
    Map<Path, Long> millis = new HashMap<>();
    String err = notebookRun(project, warehouse, first, out, fresh, millis);
    assertThat(err).as("mesh notebook run into a data directory without the kernel").contains(
        "installed the Jupyter kernel 'mesh' in " + dev.mesh.notebook.KernelSpec.dir(fresh));
    // bin/mesh started from the build's class-data archive (LauncherTest), and so do the kernels it installs.
    List<String> installedArgv = new ArrayList<>();
    MAPPER.readTree(dev.mesh.notebook.KernelSpec.dir(fresh).resolve("kernel.json").toFile()).path("argv")
        .forEach(a -> installedArgv.add(a.asText()));
    assertThat(installedArgv).as("the installed kernel's command line")
        .contains("-XX:SharedArchiveFile=" + project.resolve("jobs/demo/target/mesh.jsa").toAbsolutePath().normalize());

    Path another = TempDirs.create("mesh-jupyter-data");
    Path installed = Files.createDirectories(dev.mesh.notebook.KernelSpec.dir(another)).resolve("kernel.json");
    com.fasterxml.jackson.databind.node.ObjectNode older =
        (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(dev.mesh.notebook.KernelSpec.dir(fresh).resolve("kernel.json").toFile());
    com.fasterxml.jackson.databind.node.ArrayNode argv = (com.fasterxml.jackson.databind.node.ArrayNode) older.path("argv");
    for (int i = 0; i + 1 < argv.size(); i++) {
      if (argv.get(i).asText().equals("-cp")) {
        argv.set(i + 1, com.fasterxml.jackson.databind.node.TextNode.valueOf("/opt/an-older-mesh/classes"));
      }
    }
    byte[] olderBytes = MAPPER.writeValueAsBytes(older);
    Files.write(installed, olderBytes);
    List<String> kernelDirsBefore = scratchDirectories("mesh-jupyter[0-9]+");
    err = notebookRun(project, warehouse, second, out, another, millis);
    assertThat(err).as("mesh notebook run where another build's kernel is installed")
        .contains("is another build's or warehouse's; this run uses the current one");
    assertThat(Files.readAllBytes(installed)).as("the installed kernelspec, left as it was").isEqualTo(olderBytes);
    assertThat(scratchDirectories("mesh-jupyter[0-9]+")).as("the run's own kernelspec directory is gone when it ends")
        .isSubsetOf(kernelDirsBefore);

    for (Path nb : notebooks) {
      Path executed = out.resolve(nb.getFileName());
      assertThat(Files.readAllBytes(nb)).as("%s is left as committed", nb.getFileName()).isEqualTo(committed.get(nb));

      JsonNode json = MAPPER.readTree(executed.toFile());
      assertThat(schema.validate(json)).as("%s against the nbformat schema", nb.getFileName()).isEmpty();
      assertThat(json.path("metadata").path("kernelspec").path("name").asText()).isEqualTo("mesh");
      int tables = 0;
      int pngs = 0;
      int executedCells = 0;
      for (JsonNode cell : json.path("cells")) {
        if (!"code".equals(cell.path("cell_type").asText())) {
          continue;
        }
        assertThat(cell.path("execution_count").isInt()).as("%s: every code cell ran", nb.getFileName()).isTrue();
        executedCells++;
        for (JsonNode o : cell.path("outputs")) {
          assertThat(o.path("output_type").asText()).as("%s: %s", nb.getFileName(), o).isNotEqualTo("error");
          // Spark and the kernel log to the kernel's stderr, never into a cell.
          assertThat(o.path("name").asText()).as("%s: a cell printed to stderr: %s", nb.getFileName(), o).isNotEqualTo("stderr");
          if ("stream".equals(o.path("output_type").asText())) {
            continue;
          }
          JsonNode data = o.path("data");
          assertThat(data.has("text/plain")).as("every display has a text/plain fallback: %s", o).isTrue();
          if (text(data.path("text/html")).contains("<table")) {
            tables++;
          }
          if (data.has("image/png")) {
            assertThat(java.util.Base64.getMimeDecoder().decode(text(data.path("image/png")))).startsWith((byte) 0x89, (byte) 'P');
            pngs++;
          }
        }
      }
      assertThat(executedCells).isPositive();
      assertThat(tables).as("%s shows HTML tables", nb.getFileName()).isPositive();
      images += pngs;
      done.add(new Executed(nb.getFileName().toString(), millis.get(nb), tables, pngs));
    }
    assertThat(images).as("PNG charts across the notebooks").isPositive();
    return done;
  }

  /**
   * {@code mesh notebook run} of {@code notebooks} into {@code out}, two at a time, with the Jupyter data directory
   * {@code jupyterData}; checks it succeeded and left no directory it executed into; records its time for each
   * notebook in {@code millis}; returns its stderr.
   */
  private static String notebookRun(Path project, Path warehouse, List<Path> notebooks, Path out, Path jupyterData,
      Map<Path, Long> millis) throws java.io.IOException {
    List<String> args = new ArrayList<>(List.of("notebook", "run"));
    notebooks.forEach(nb -> args.add(nb.toString()));
    args.addAll(List.of("--output-dir", out.toString(), "--data-dir", jupyterData.toString(), "--parallel", "2"));
    List<String> scratchBefore = scratchDirectories("mesh-notebook[0-9]+");
    long start = System.nanoTime();
    Cli r = cli(warehouse, args.toArray(String[]::new));
    long took = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.code).as("mesh notebook run:%n%s%n%s", r.out, r.err).isZero();
    assertThat(scratchDirectories("mesh-notebook[0-9]+")).as("the directories mesh notebook run executes into are gone when it ends")
        .isSubsetOf(scratchBefore);
    for (Path nb : notebooks) {
      assertThat(r.out).as("mesh notebook run reports each notebook").contains("Executed " + nb);
      millis.put(nb, took);
    }
    return r.err;
  }

  /** Directories in java.io.tmpdir named {@code pattern} ({@code mesh notebook run}'s own, by their prefixes). */
  private static List<String> scratchDirectories(String pattern) throws java.io.IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches(pattern)).toList();
    }
  }

  private static String text(JsonNode n) {
    if (n.isArray()) {
      StringBuilder b = new StringBuilder();
      n.forEach(x -> b.append(x.asText()));
      return b.toString();
    }
    return n.asText("");
  }

  /** The official nbformat v4 schema, copied into src/test/resources/schemas/nbformat (see PROVENANCE.md there). */
  static Schema nbformatSchema() throws Exception {
    try (java.io.InputStream in = NotebookExecution.class.getResourceAsStream("/schemas/nbformat/nbformat.v4.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("nbformat schema missing from the test resources (schemas/nbformat/nbformat.v4.schema.json)");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private record Cli(int code, String out, String err) {}

  /**
   * bin/mesh as an analyst runs it, on the demo's warehouse; its kernels get this build's kernel options
   * ({@code MESH_KERNEL_JAVA_OPTS} of the surefire configuration).
   */
  private static Cli cli(Path warehouse, String... args) throws java.io.IOException {
    Map<String, String> env = new HashMap<>();
    String kernelOptions = System.getenv("MESH_KERNEL_JAVA_OPTS");
    if (kernelOptions != null) {
      env.put("MESH_KERNEL_JAVA_OPTS", kernelOptions);
    }
    Path logs = TempDirs.create("mesh-notebook-cli");
    Jvm.Result r = Jvm.launcher(logs, "notebook-run", env, List.of("-Dmesh.warehouse=" + warehouse.toAbsolutePath()), args);
    return new Cli(r.code(), String.join("\n", r.stdoutLines()), String.join("\n", r.stderrLines()));
  }
}
