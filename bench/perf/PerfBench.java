import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.api.SourceConnector;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunListener;
import dev.mesh.runtime.RunResult;
import dev.mesh.source.tpch.TpchSource;
import dev.mesh.core.Mesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What mesh costs on top of raw Spark: P5 (fixed cost of one run of a tiny product) and P1 (a TPC-H revenue product,
 * Delta and Iceberg); P4, whether recording a run stays flat as the catalog grows; P3 and P6, whole bin/mesh processes. Each side runs the same SQL over the same inputs in the same JVM; runs alternate order.
 */
public final class PerfBench {
  static final LocalDate DATE = LocalDate.of(1995, 6, 1);

  static final String REVENUE_SQL =
      "SELECT o.o_orderdate AS order_date, n.n_name AS nation, "
          + "CAST(SUM(l.l_extendedprice * (1 - l.l_discount)) AS DECIMAL(28,2)) AS revenue "
          + "FROM lineitem l JOIN orders o ON l.l_orderkey = o.o_orderkey "
          + "JOIN customer c ON o.o_custkey = c.c_custkey JOIN nation n ON c.c_nationkey = n.n_nationkey "
          + "GROUP BY o.o_orderdate, n.n_name";

  static final String TINY_SQL = "SELECT id, id * 2 AS value FROM range(100)";

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Map<String, String> opts = options(args);
    double scale = Double.parseDouble(opts.getOrDefault("scale", "1"));
    int reps = Integer.parseInt(opts.getOrDefault("reps", "5"));
    int warmups = Integer.parseInt(opts.getOrDefault("warmups", "3"));
    double p3Scale = Double.parseDouble(opts.getOrDefault("p3-scale", "0.1"));
    int p3Reps = Integer.parseInt(opts.getOrDefault("p3-reps", "2"));
    Set<String> only = Set.of(opts.getOrDefault("only", "P1,P3,P4,P5,P6").toUpperCase(Locale.ROOT).split(","));
    int p6Reps = Integer.parseInt(opts.getOrDefault("p6-reps", "5"));
    Path home = Files.createTempDirectory("mesh-perf");
    Path warehouse = home.resolve("warehouse");
    Path landing = home.resolve("landing");
    writeConf(home, warehouse, landing);

    List<Figure> figures = new ArrayList<>();
    // P6 and P4: a mesh of 1,000 products x 20 runs (its catalog tables).
    Path large = Path.of(opts.getOrDefault("p6-mesh", "/tmp/mesh-site-bench")).toAbsolutePath();
    if (only.contains("P6")) {
      Path demoWarehouse = home.resolve("p6-demo");
      System.out.println("P6: the demo mesh into " + demoWarehouse + " (bin/mesh demo) ...");
      bin(root, home.resolve("p6-demo.log"), Map.of("MESH_WAREHOUSE", demoWarehouse.toString()), List.of("demo"));
      figures.addAll(interactive(root, home, "demo", Map.of("MESH_WAREHOUSE", demoWarehouse.toString()), "sales.daily_revenue", p6Reps));
      generateLarge(root, home, large);
      figures.addAll(interactive(root, home, "1,000 products", Map.of("MESH_JAVA_OPTS", "-Dmesh.home=" + large), "d5.p505", p6Reps));
    }

    if (only.contains("P4")) {
      generateLarge(root, home, large);
    }
    if (only.contains("P5") || only.contains("P1") || only.contains("P4")) {
      sparkFigures(home, warehouse, landing, only, scale, reps, warmups, figures, large);
    }
    if (only.contains("P3")) {
      figures.add(demoMakespan(root, home, p3Scale, p3Reps));
    }
    if (only.contains("P7")) {
      String ref = opts.get("demo-ref");
      if (ref == null) {
        throw new IllegalArgumentException("P7 needs --demo-ref DIR: a built checkout of the reference commit (e.g. f147520)");
      }
      figures.add(demoAgainst(root, Path.of(ref).toAbsolutePath(), home, Integer.parseInt(opts.getOrDefault("demo-reps", "3"))));
    }
    report(root, figures);
    deleteRecursively(home);
  }

  /** Generates the 1,000 products x 20 runs mesh into {@code large} unless it is there. */
  static void generateLarge(Path root, Path home, Path large) throws Exception {
    if (Files.isDirectory(large.resolve("conf"))) {
      return;
    }
    System.out.println("generating 1,000 products x 20 runs into " + large + " (bench/CatalogBench.java, several minutes) ...");
    Process g = new ProcessBuilder(root.resolve("bench/run-catalog-bench.sh").toString(), large.toString(), "1000", "20", "20")
        .redirectErrorStream(true).redirectOutput(home.resolve("generate-large.log").toFile()).start();
    if (g.waitFor() != 0) {
      throw new IllegalStateException("generating " + large + " failed; see " + home.resolve("generate-large.log"));
    }
  }

  /** P5 and P1: mesh runs and their hand-written references in one Spark session. */
  static void sparkFigures(
      Path home, Path warehouse, Path landing, Set<String> only, double scale, int reps, int warmups, List<Figure> figures,
      Path large)
      throws Exception {
    MeshConfig config = new MeshConfigLoader(home, Map.of(), new Properties()).load();
    // Opened as bin/mesh opens it; the lineage listener is added here, wrapped to time it.
    Mesh mesh = Mesh.of(config).withoutLineage();
    MeshContext base = mesh.context();
    SparkSession spark = mesh.spark();
    List<String> lineageProblems = Collections.synchronizedList(new ArrayList<>());
    LineageListener lineage = new LineageListener(base, LineageTransport.of(config.platform().lineage()), lineageProblems::add);
    MeshContext ctx = base.withListener(new TimedListener(lineage));

    if (only.contains("P5")) {
      ProductDescriptor tiny = config.product("bench.tiny");
      figures.add(measure("P5 tiny product (delta)", reps, warmups,
          () -> check(new ProductRunner(ctx).run(tiny, DATE)),
          () -> spark.sql(TINY_SQL).write().format("delta").mode(SaveMode.Overwrite).save(warehouse + "/bare/tiny")));
    }
    if (only.contains("P4")) {
      figures.addAll(recordFlatness(ctx, config, large, reps));
    }
    if (only.contains("P1")) {
      System.out.printf(Locale.ROOT, "Generating TPC-H scale %s into %s ...%n", scale, landing);
      for (String table : List.of("lineitem", "orders", "customer", "nation")) {
        Dataset<Row> df = new TpchSource().read(new SourceConnector.SourceRequest(
            spark, "bench", table, Map.of("table", table, "scale", String.valueOf(scale)), DATE));
        df.write().mode(SaveMode.Overwrite).parquet(landing.resolve(table).toString());
      }
      for (String format : List.of("delta", "iceberg")) {
        ProductDescriptor revenue = config.product("bench.revenue_" + format);
        figures.add(measure("P1 revenue per nation and day (" + format + ", scale " + scale + ")", reps, warmups,
            () -> check(new ProductRunner(ctx).run(revenue, DATE)),
            () -> bareRevenue(spark, landing, warehouse, format)));
      }
    }
    spark.stop();
    if (!lineageProblems.isEmpty()) {
      System.out.println("lineage problems: " + lineageProblems);
    }
  }

  /**
   * P4: the record stage of the tiny product (its catalog appends) on this bench's nearly empty catalog, then on the
   * 1,000 products x 20 runs catalog of {@code large} copied in place of it, as written and after compaction. Each
   * figure is the large catalog's record-stage times against the empty one's (target: median within 1.2x).
   */
  static List<Figure> recordFlatness(MeshContext ctx, MeshConfig config, Path large, int reps) throws Exception {
    ProductDescriptor tiny = config.product("bench.tiny");
    Runnable run = () -> check(new ProductRunner(ctx).run(tiny, DATE));
    System.out.println("measuring P4 record stage, empty catalog ...");
    List<Double> empty = recordTimes(run, reps);
    Path catalog = Path.of(ctx.catalog().location(CatalogTable.RUNS)).getParent();
    Path largeCatalog = large.resolve("warehouse/delta/mesh");
    if (!Files.isDirectory(largeCatalog)) {
      throw new IllegalStateException("P4 needs the 1,000-product catalog of " + large + " (run --only P6,P4 or bench/run-catalog-bench.sh first)");
    }
    // The catalog as CatalogBench wrote it (one file per commit), kept beside the mesh before it compacted it; a mesh
    // generated before that copy existed has only the compacted catalog, and both figures then measure that.
    Path asWritten = large.resolve("catalog-as-written");
    Path source = Files.isDirectory(asWritten) ? asWritten : largeCatalog;
    for (CatalogTable t : CatalogTable.values()) {
      if (!Files.isDirectory(source.resolve(t.tableName()))) {
        continue; // (mesh.alerts: no alert in that mesh)
      }
      deleteRecursively(catalog.resolve(t.tableName()));
      copyRecursively(source.resolve(t.tableName()), catalog.resolve(t.tableName()));
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    System.out.println("measuring P4 record stage, 1,000 x 20 catalog (" + ctx.catalog().fileCount(CatalogTable.RUNS) + " files in mesh.runs) ...");
    List<Double> full = recordTimes(run, reps);
    ctx.catalog().compact(1);
    System.out.println("measuring P4 record stage, 1,000 x 20 catalog compacted (" + ctx.catalog().fileCount(CatalogTable.RUNS) + " files in mesh.runs) ...");
    List<Double> compacted = recordTimes(run, reps);
    return List.of(
        new Figure("P4 record stage, 1,000 x 20 catalog vs empty", "empty catalog", full, empty, List.of()),
        new Figure("P4 record stage, 1,000 x 20 compacted vs empty", "empty catalog", compacted, empty, List.of()));
  }

  /** One warm-up, then the record stage (seconds) of {@code reps} runs. */
  static List<Double> recordTimes(Runnable run, int reps) {
    run.run();
    TimedListener.FINISHED.clear();
    for (int i = 0; i < reps; i++) {
      run.run();
    }
    List<Double> out = new ArrayList<>();
    for (Map<String, Long> stages : TimedListener.FINISHED) {
      out.add(stages.get("record") / 1000.0);
    }
    TimedListener.FINISHED.clear();
    return out;
  }

  static void copyRecursively(Path from, Path to) throws java.io.IOException {
    try (var all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void report(Path root, List<Figure> figures) throws Exception {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-56s %12s %12s %8s %12s%n", "figure (mesh vs reference)", "median", "reference", "ratio", "difference");
    ObjectMapper json = new ObjectMapper();
    ArrayNode out = json.createArrayNode();
    for (Figure f : figures) {
      System.out.printf(Locale.ROOT, "%-56s %10.2f s %10.2f s %8.2f %10.2f s%n", f.name, f.mesh(), f.bare(), f.mesh() / f.bare(), f.mesh() - f.bare());
      ObjectNode n = out.addObject().put("figure", f.name).put("median_s", f.mesh()).put("reference_median_s", f.bare())
          .put("ratio", f.mesh() / f.bare()).put("difference_s", f.mesh() - f.bare()).put("reps", f.meshTimes.size());
      n.put("reference", f.reference);
      f.meshTimes.forEach(n.putArray("mesh_s")::add);
      f.bareTimes.forEach(n.putArray("bare_s")::add);
      ObjectNode stages = n.putObject("mesh_stage_medians_ms");
      f.stageMedians().forEach(stages::put);
    }
    System.out.println();
    System.out.println("Where a mesh run's time goes (median ms per stage over the measured runs; lineage = listener):");
    for (Figure f : figures) {
      if (!f.stages.isEmpty()) {
        System.out.printf(Locale.ROOT, "  %-46s %s%n", f.name, f.stageMedians());
      }
    }
    Path result = root.resolve("bench/results/perf-" + Instant.now().toString().replace(':', '-') + ".json");
    Files.createDirectories(result.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
    System.out.println("results: " + result);
  }

  /** The bench's own scratch directory (generated TPC-H data, warehouses): removed when the run ends. */
  static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new java.util.LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: run.sh [--scale S] [--reps N] [--p3-scale S] [--p3-reps N] [--p6-reps N] [--p6-mesh DIR] [--demo-ref DIR] [--demo-reps N] [--warmups N] [--only P1,P3,P4,P5,P6,P7]; got " + args[i]);
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  /**
   * P3: the whole demo mesh ({@code bin/mesh demo}, every product of conf/ for 3 dates, on a fresh warehouse of its
   * own), with the default parallelism 2 against parallelism 1, as separate processes, alternating which goes first.
   */
  static Figure demoMakespan(Path root, Path home, double scale, int reps) throws Exception {
    String name = "P3 demo makespan, parallel 2 vs serial (scale " + scale + ")";
    System.out.println("measuring " + name + " ...");
    List<Double> parallel = new ArrayList<>();
    List<Double> serial = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      if (i % 2 == 0) {
        parallel.add(demo(root, home, scale, 2));
        serial.add(demo(root, home, scale, 1));
      } else {
        serial.add(demo(root, home, scale, 1));
        parallel.add(demo(root, home, scale, 2));
      }
    }
    return new Figure(name, "serial", parallel, serial, List.of());
  }

  /**
   * P6: each metadata command against {@code bin/mesh plan --all} (which reads only the declarations), whole {@code
   * bin/mesh} processes as a user starts them, one warm-up each, then pairs alternating which goes first.
   */
  static List<Figure> interactive(Path root, Path home, String mesh, Map<String, String> env, String product, int reps) throws Exception {
    List<String> plan = List.of("plan", "--all");
    List<List<String>> commands =
        List.of(List.of("status"), List.of("catalog"), List.of("catalog", "show", product), List.of("lineage", product), List.of("quality", product),
            List.of("logs", product));
    List<Figure> out = new ArrayList<>();
    for (List<String> command : commands) {
      String name = "P6 " + String.join(" ", command) + " (" + mesh + ") vs plan --all";
      System.out.println("measuring " + name + " ...");
      Path log = home.resolve("p6.log");
      bin(root, log, env, command);
      bin(root, log, env, plan);
      List<Double> m = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        if (i % 2 == 0) {
          m.add(bin(root, log, env, command));
          b.add(bin(root, log, env, plan));
        } else {
          b.add(bin(root, log, env, plan));
          m.add(bin(root, log, env, command));
        }
      }
      out.add(new Figure(name, "bin/mesh plan --all", m, b, List.of()));
    }
    return out;
  }

  /**
   * P7: {@code bin/mesh demo} (default scale and dates, each on a fresh warehouse of its own) of this checkout against
   * that of {@code ref}, a built checkout of another commit, as separate processes, alternating which goes first.
   */
  static Figure demoAgainst(Path root, Path ref, Path home, int reps) throws Exception {
    String name = "P7 bin/mesh demo vs " + ref.getFileName();
    System.out.println("measuring " + name + " ...");
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      if (i % 2 == 0) {
        ours.add(demoOf(root, home, "ours-" + i));
        theirs.add(demoOf(ref, home, "ref-" + i));
      } else {
        theirs.add(demoOf(ref, home, "ref-" + i));
        ours.add(demoOf(root, home, "ours-" + i));
      }
    }
    return new Figure(name, ref.toString(), ours, theirs, List.of());
  }

  static double demoOf(Path meshRoot, Path home, String label) throws Exception {
    Path warehouse = home.resolve("demo-" + label);
    Path log = home.resolve("demo-" + label + ".log");
    double s = bin(meshRoot, log, Map.of("MESH_WAREHOUSE", warehouse.toString()), List.of("demo"));
    System.out.printf(Locale.ROOT, "  %s: %.1f s%n", label, s);
    deleteRecursively(warehouse);
    return s;
  }

  /** Runs bin/mesh (no build) with {@code env} added; its wall time in seconds, once it exited 0. */
  static double bin(Path root, Path log, Map<String, String> env, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/mesh").toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("MESH_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    long t = System.nanoTime();
    int code = pb.start().waitFor();
    double s = (System.nanoTime() - t) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("bin/mesh " + String.join(" ", args) + " exited " + code + "; see " + log);
    }
    return s;
  }

  static double demo(Path root, Path home, double scale, int parallelism) throws Exception {
    Path warehouse = home.resolve("demo-p" + parallelism);
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("bin/mesh").toString(), "demo", "--scale", String.valueOf(scale),
            "--parallelism", String.valueOf(parallelism))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("demo-p" + parallelism + ".log").toFile());
    pb.environment().put("MESH_WAREHOUSE", warehouse.toString());
    pb.environment().put("MESH_SKIP_BUILD", "1");
    long t = System.nanoTime();
    int code = pb.start().waitFor();
    double s = (System.nanoTime() - t) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("bin/mesh demo --parallelism " + parallelism + " exited " + code + "; see "
          + home.resolve("demo-p" + parallelism + ".log"));
    }
    System.out.printf(Locale.ROOT, "  demo --parallelism %d: %.1f s%n", parallelism, s);
    return s;
  }

  /** Times the listeners' work after a run (lineage event and mesh.lineage rows) into the bench's stage table. */
  static final class TimedListener implements RunListener {
    static final List<Map<String, Long>> FINISHED = Collections.synchronizedList(new ArrayList<>());
    private final RunListener delegate;

    TimedListener(RunListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onStart(RunStarted event) {
      delegate.onStart(event);
    }

    @Override
    public List<CatalogRows> catalogRows(RunFinished ended) {
      return delegate.catalogRows(ended);
    }

    @Override
    public void onFinish(RunFinished event) {
      long t = System.nanoTime();
      delegate.onFinish(event);
      Map<String, Long> stages = new java.util.LinkedHashMap<>(event.result().timingsMs());
      stages.put("lineage", (System.nanoTime() - t) / 1_000_000);
      FINISHED.add(stages);
    }
  }

  static void check(RunResult r) {
    if (!r.succeeded()) {
      throw new IllegalStateException(r.product() + " did not succeed: " + r.error());
    }
  }

  static void bareRevenue(SparkSession spark, Path landing, Path warehouse, String format) {
    SparkSession s = spark.newSession();
    for (String t : List.of("lineitem", "orders", "customer", "nation")) {
      s.read().parquet(landing.resolve(t).toString()).createOrReplaceTempView(t);
    }
    Dataset<Row> out = s.sql(REVENUE_SQL);
    if (format.equals("delta")) {
      out.write().format("delta").mode(SaveMode.Overwrite).save(warehouse + "/bare/revenue");
    } else {
      try {
        out.writeTo("iceberg.bare.revenue").using("iceberg").createOrReplace();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Figure(String name, String reference, List<Double> meshTimes, List<Double> bareTimes, List<Map<String, Long>> stages) {
    Map<String, Long> stageMedians() {
      Map<String, Long> out = new java.util.LinkedHashMap<>();
      for (Map<String, Long> run : stages) {
        run.keySet().forEach(k -> out.putIfAbsent(k, 0L));
      }
      out.replaceAll((k, v) -> Math.round(median(stages.stream().map(m -> (double) m.getOrDefault(k, 0L)).toList())));
      return out;
    }

    double mesh() {
      return median(meshTimes);
    }

    double bare() {
      return median(bareTimes);
    }
  }

  /**
   * {@code warmups} runs a side, alternating, then {@code reps} measured pairs, alternating which side goes first. The
   * figures are a long-lived JVM's (a mesh of many products runs them one after another): P5 is the first figure in
   * this JVM, and with one warm-up a side its first measured pairs still carried the JIT's warm-up (3.48 and 2.48 s
   * against 0.85-1.12 s after; bench/README).
   */
  static Figure measure(String name, int reps, int warmups, Runnable mesh, Runnable bare) {
    System.out.println("measuring " + name + " ...");
    for (int i = 0; i < warmups; i++) {
      mesh.run();
      bare.run();
    }
    TimedListener.FINISHED.clear();
    List<Double> m = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      if (i % 2 == 0) {
        m.add(seconds(mesh));
        b.add(seconds(bare));
      } else {
        b.add(seconds(bare));
        m.add(seconds(mesh));
      }
    }
    return new Figure(name, "bare Spark", m, b, List.copyOf(TimedListener.FINISHED));
  }

  static double seconds(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return (System.nanoTime() - t) / 1e9;
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void writeConf(Path home, Path warehouse, Path landing) throws Exception {
    Files.createDirectories(home.resolve("conf/bench"));
    Files.writeString(home.resolve("conf/mesh.conf"),
        "mesh { warehouse = \"" + warehouse + "\", spark { master = \"local[2]\", conf { \"spark.sql.shuffle.partitions\" = 4 } } }\n");
    Files.writeString(home.resolve("conf/bench/revenue.sql"), REVENUE_SQL + "\n");
    Files.writeString(home.resolve("conf/bench/tiny.sql"), TINY_SQL + "\n");
    Files.writeString(home.resolve("conf/bench/tiny.conf"), """
        product {
          id = bench.tiny
          version = "1.0.0"
          owner { team = bench, contact = "bench@example.com" }
          transform.sql = tiny.sql
          output { format = delta, mode = overwrite }
          schema { id { type = bigint, nullable = false }, value { type = bigint, nullable = false } }
          sla.rules = [ { rule = unique, columns = [id] }, { rule = row-count, min = 1 } ]
        }
        """);
    for (String format : List.of("delta", "iceberg")) {
      StringBuilder inputs = new StringBuilder();
      for (String t : List.of("lineitem", "orders", "customer", "nation")) {
        inputs.append(t).append(" { source = files, format = parquet, path = \"").append(landing.resolve(t)).append("\" }\n");
      }
      Files.writeString(home.resolve("conf/bench/revenue_" + format + ".conf"), """
          product {
            id = bench.revenue_%s
            version = "1.0.0"
            owner { team = bench, contact = "bench@example.com" }
            inputs {
            %s}
            transform.sql = revenue.sql
            output { format = %s, mode = overwrite }
            schema {
              order_date { type = date, nullable = false }
              nation { type = string, nullable = false }
              revenue { type = "decimal(28,2)", nullable = false }
            }
            sla.rules = [
              { rule = unique, columns = [order_date, nation] }
              { rule = range, column = revenue, min = 0 }
              { rule = row-count, min = 1 }
            ]
          }
          """.formatted(format, inputs, format));
    }
  }
}
