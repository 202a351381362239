package dev.mesh.demo;

import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.testing.TempDirs;
import dev.mesh.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * The demo mesh of conf/ and jobs/, run once per test JVM on the embedded default (the test session's warehouse) for
 * three dates at scale 0.01: {@link DemoMeshTest} checks it, {@link SharedCatalogTest} compares the shared deployment
 * with it. Opened as bin/mesh opens it, lineage listener included.
 */
record DemoRun(
    Path project,
    SparkSession spark,
    Path events,
    MeshContext ctx,
    ProductGraph graph,
    List<RunResult> results,
    List<String> lineageProblems) {
  static final double SCALE = 0.01;
  static final LocalDate D1 = LocalDate.of(1995, 6, 1);
  static final List<LocalDate> DATES = List.of(D1, D1.plusDays(1), D1.plusDays(2));

  private static DemoRun run;

  static synchronized DemoRun get() {
    if (run == null) {
      run = start();
    }
    return run;
  }

  /** A session of the demo's Spark that reads as {@code domain} (as {@code mesh sql --domain} does). */
  static SparkSession readingAs(String domain) {
    DemoRun r = get();
    SparkSession s = r.spark().newSession();
    dev.mesh.spark.ReaderRoutes.of(r.ctx().config().all(), domain).applyTo(s);
    return s;
  }

  static Path projectDir() {
    return Path.of(System.getProperty("mesh.project.dir")).toAbsolutePath();
  }

  private static DemoRun start() {
    Path project = projectDir();
    SparkSession spark = TestSpark.session();
    Path events = TempDirs.create("mesh-demo-lineage").resolve("events.jsonl");
    Properties props = new Properties();
    props.setProperty("mesh.warehouse", TestSpark.warehouse().toString());
    props.setProperty("mesh.sources.tpch.scale", String.valueOf(SCALE));
    props.setProperty("mesh.lineage.path", events.toString());
    MeshConfig config = new MeshConfigLoader(project, Map.of(), props).load();
    List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    MeshContext ctx = Mesh.of(config).on(spark).reporting(problems::add).context();
    ProductGraph graph = ProductGraph.of(config.all());
    List<RunResult> results = new MeshRunner(ctx, 2).run(graph, graph.ids(), DATES, new MeshRunner.Listener() {});
    return new DemoRun(project, spark, events, ctx, graph, List.copyOf(results), problems);
  }
}
