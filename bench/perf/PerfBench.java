import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.api.SourceConnector;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.QualityEngines;
import dev.mesh.runtime.RunResult;
import dev.mesh.source.tpch.TpchSource;
import dev.mesh.spark.SparkSessions;
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
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What mesh costs on top of raw Spark: P5 (fixed cost of one run of a tiny product) and P1 (a TPC-H revenue product,
 * Delta and Iceberg). Each side runs the same SQL over the same inputs in the same JVM; runs alternate order.
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
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path home = Files.createTempDirectory("mesh-perf");
    Path warehouse = home.resolve("warehouse");
    Path landing = home.resolve("landing");
    writeConf(home, warehouse, landing);

    MeshConfig config = new MeshConfigLoader(home, Map.of(), new Properties()).load();
    SparkSession spark = SparkSessions.create(config.platform());
    MeshContext base = MeshContext.create(spark, config, QualityEngines.load());
    base.catalog().ensureCreated();
    List<String> lineageProblems = Collections.synchronizedList(new ArrayList<>());
    MeshContext ctx =
        base.withListener(new LineageListener(base, LineageTransport.of(config.platform().lineage()), lineageProblems::add));

    System.out.printf(Locale.ROOT, "Generating TPC-H scale %s into %s ...%n", scale, landing);
    for (String table : List.of("lineitem", "orders", "customer", "nation")) {
      Dataset<Row> df = new TpchSource().read(new SourceConnector.SourceRequest(
          spark, "bench", table, Map.of("table", table, "scale", String.valueOf(scale)), DATE));
      df.write().mode(SaveMode.Overwrite).parquet(landing.resolve(table).toString());
    }

    List<Figure> figures = new ArrayList<>();
    ProductDescriptor tiny = config.product("bench.tiny");
    figures.add(measure("P5 tiny product (delta)", reps,
        () -> check(new ProductRunner(ctx).run(tiny, DATE)),
        () -> spark.sql(TINY_SQL).write().format("delta").mode(SaveMode.Overwrite).save(warehouse + "/bare/tiny")));
    for (String format : List.of("delta", "iceberg")) {
      ProductDescriptor revenue = config.product("bench.revenue_" + format);
      figures.add(measure("P1 revenue per nation and day (" + format + ", scale " + scale + ")", reps,
          () -> check(new ProductRunner(ctx).run(revenue, DATE)),
          () -> bareRevenue(spark, landing, warehouse, format)));
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "%-48s %12s %12s %8s %12s%n", "figure", "mesh median", "bare median", "ratio", "difference");
    ObjectMapper json = new ObjectMapper();
    ArrayNode out = json.createArrayNode();
    for (Figure f : figures) {
      System.out.printf(Locale.ROOT, "%-48s %10.2f s %10.2f s %8.2f %10.2f s%n", f.name, f.mesh(), f.bare(), f.mesh() / f.bare(), f.mesh() - f.bare());
      ObjectNode n = out.addObject().put("figure", f.name).put("mesh_median_s", f.mesh()).put("bare_median_s", f.bare())
          .put("ratio", f.mesh() / f.bare()).put("difference_s", f.mesh() - f.bare()).put("reps", reps);
      f.meshTimes.forEach(n.putArray("mesh_s")::add);
      f.bareTimes.forEach(n.putArray("bare_s")::add);
    }
    if (!lineageProblems.isEmpty()) {
      System.out.println("lineage problems: " + lineageProblems);
    }
    Path result = root.resolve("bench/results/perf-" + Instant.now().toString().replace(':', '-') + ".json");
    Files.createDirectories(result.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
    System.out.println("results: " + result);
    spark.stop();
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

  record Figure(String name, List<Double> meshTimes, List<Double> bareTimes) {
    double mesh() {
      return median(meshTimes);
    }

    double bare() {
      return median(bareTimes);
    }
  }

  /** One warm-up per side, then {@code reps} measured pairs, alternating which side goes first. */
  static Figure measure(String name, int reps, Runnable mesh, Runnable bare) {
    System.out.println("measuring " + name + " ...");
    mesh.run();
    bare.run();
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
    return new Figure(name, m, b);
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
