import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.runtime.MeshContext;
import dev.mesh.core.Mesh;
import dev.mesh.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Fills a fresh catalog with P products x R runs (default 1,000 x 20) and times the queries behind
 * {@code mesh catalog}, the status query ({@code mesh status} does not exist yet: this is its equivalent),
 * {@code mesh catalog show} and {@code mesh lineage}, before and after compaction. Not a test: see README.md.
 *
 * <p>Arguments: {@code <dir> [products] [runs-per-product] [commits-per-table]}. Each commit is a batch of runs, as
 * many commits as a real mesh would make files between two compactions; 0 commits re-measures the catalog already
 * in {@code dir}.
 */
public final class CatalogBench {
  /** The catalog tables before compaction, beside the mesh ({@code <dir>/catalog-as-written/<table>}). */
  static final String AS_WRITTEN = "catalog-as-written";

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    int products = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int commits = args.length > 3 ? Integer.parseInt(args[3]) : 400;
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/mesh.conf"), "mesh { warehouse = warehouse, lineage.transport = off }\n");
    for (int p = 0; p < products; p++) {
      String domain = "d" + (p % 10);
      Files.createDirectories(dir.resolve("conf/" + domain));
      Files.writeString(dir.resolve("conf/" + domain + "/p.sql"), "SELECT id, day, value FROM up\n");
      String inputs = p < 10 ? "orders { source = tpch, table = orders }" : "up = d" + ((p - 10) % 10) + ".p" + (p - 10);
      Files.writeString(dir.resolve("conf/" + domain + "/p" + p + ".conf"), """
          product {
            id = %s.p%d
            version = "1.0.0"
            owner { team = team%d, contact = "t@example.com" }
            inputs { %s }
            transform.sql = p.sql
            output { format = delta }
            schema { id { type = bigint, nullable = false }, day { type = date }, value { type = bigint } }
          }
          """.formatted(domain, p, p % 37, inputs));
    }
    long t0 = System.nanoTime();
    MeshConfig config = new MeshConfigLoader(dir, Map.of(), new Properties()).load();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("catalog-bench");
    SparkSessions.settings(config.platform()).forEach(b::config);
    b.config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false");
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    MeshContext ctx = Mesh.of(config).on(spark).withoutLineage().context();
    CatalogStore catalog = ctx.catalog();
    catalog.ensureCreated();

    t0 = System.nanoTime();
    if (commits > 0) { // 0: measure the catalog a previous run filled in the same directory
      fill(catalog, products, runs, commits);
    }
    double fillSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "config: %d products loaded in %.2f s%n", products, loadSeconds);
    System.out.printf(Locale.ROOT, "fill: %d runs, %d commits per table, %.1f s%n", products * runs, commits, fillSeconds);
    for (CatalogTable t : CatalogTable.values()) {
      System.out.printf(Locale.ROOT, "  %-14s %8d rows %6d files%n", t.qualifiedName(), catalog.read(t).count(), catalog.fileCount(t));
    }
    time("before compaction", config, catalog);
    // bench/perf's P4 records runs on this catalog as written as well as compacted: a copy of it before compaction.
    copyTree(Path.of(config.platform().catalogRoot()), dir.resolve(AS_WRITTEN));
    t0 = System.nanoTime();
    Map<CatalogTable, long[]> done = catalog.compact(1); // as mesh catalog compact does
    System.out.printf(Locale.ROOT, "%ncompact: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    done.forEach((t, c) -> System.out.printf(Locale.ROOT, "  %-14s %d -> %d files%n", t.qualifiedName(), c[0], c[1]));
    time("after compaction", config, catalog);
    spark.stop();
  }

  /** Each question on a new CatalogQueries (it keeps mesh.runs once read), through Spark, then through Delta Kernel. */
  private static void time(String label, MeshConfig config, CatalogStore catalog) {
    Map<String, Supplier<CatalogQueries>> readers = new java.util.LinkedHashMap<>();
    readers.put("spark", () -> new CatalogQueries(new dev.mesh.catalog.SparkCatalogReader(catalog), config));
    readers.put("kernel", () -> new CatalogQueries(new dev.mesh.catalog.DeltaKernelCatalogReader(config.platform().catalogRoot()), config));
    for (Map.Entry<String, Supplier<CatalogQueries>> r : readers.entrySet()) {
      System.out.println();
      System.out.println(label + ", read with " + r.getKey() + " (seconds: first, then min / median of 5):");
      Supplier<CatalogQueries> q = r.getValue();
      measure("mesh catalog (products + last run)", () -> q.get().products().size());
      measure("status (last run per product)", () -> q.get().runSummaries().size());
      measure("mesh catalog show d5.p505 (recent runs)", () -> q.get().recentRuns("d5.p505", 10).size());
      measure("mesh lineage (latest lineage of all)", () -> q.get().graph().inputsOf().size());
    }
    holds(config, catalog);
  }

  /**
   * What every mesh run reads first, the selection's holds (here: 10 products), through Spark: mesh.runs read whole and
   * filtered in the driver (as before 3c4fe08) against the filter in Spark's scan (CatalogReader.readWhereIn). Pairs
   * alternate, so the machine's load falls on both alike.
   */
  private static void holds(MeshConfig config, CatalogStore catalog) {
    dev.mesh.catalog.CatalogReader spark = new dev.mesh.catalog.SparkCatalogReader(catalog);
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int p = 500; p < 510; p++) {
      ids.add("d" + (p % 10) + ".p" + p);
    }
    Supplier<Integer> whole = () -> dev.mesh.catalog.Holds.inForce(spark.read(CatalogTable.RUNS, dev.mesh.catalog.Holds.COLUMNS,
        r -> dev.mesh.catalog.Holds.isHoldOrRelease(r.string("status")) && ids.contains(r.string("product")))).size();
    Supplier<Integer> filtered = () -> dev.mesh.catalog.Holds.read(spark, ids).size();
    whole.get();
    filtered.get();
    int pairs = 9;
    double[] a = new double[pairs];
    double[] b = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      long t0 = System.nanoTime();
      whole.get();
      a[i] = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      filtered.get();
      b[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(a);
    Arrays.sort(b);
    System.out.printf(Locale.ROOT, "%nmesh run's holds of 10 products, through spark, %d pairs alternating (median, min):%n", pairs);
    System.out.printf(Locale.ROOT, "  %-42s %6.3f   %6.3f%n", "mesh.runs read whole, filtered in the driver", a[pairs / 2], a[0]);
    System.out.printf(Locale.ROOT, "  %-42s %6.3f   %6.3f%n", "filtered in Spark's scan (readWhereIn)", b[pairs / 2], b[0]);
    System.out.printf(Locale.ROOT, "  ratio of the medians (scan / driver)      %6.2f%n", b[pairs / 2] / a[pairs / 2]);
  }

  private static void measure(String what, Supplier<Integer> query) {
    double[] s = new double[6];
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      long t0 = System.nanoTime();
      n = query.get();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    double[] warm = Arrays.copyOfRange(s, 1, s.length);
    Arrays.sort(warm);
    System.out.printf(Locale.ROOT, "  %-42s %6.2f   %6.2f / %6.2f   (%d rows)%n", what, s[0], warm[0], warm[warm.length / 2], n);
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var all = Files.walk(from)) {
      for (Path f : all.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * A row of {@code table} from (column, value) pairs, in the table's column order; a column not named is null. By name,
   * so that a column added to a catalog table does not shift the values (this bench failed twice that way).
   */
  private static Row row(CatalogTable table, Object... columnsAndValues) {
    List<String> columns = List.of(table.schema().fieldNames());
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      int at = columns.indexOf((String) columnsAndValues[i]);
      if (at < 0) {
        throw new IllegalArgumentException(table.qualifiedName() + " has no column " + columnsAndValues[i] + "; it has " + columns);
      }
      values[at] = columnsAndValues[i + 1];
    }
    return RowFactory.create(values);
  }

  private static void fill(CatalogStore catalog, int products, int runs, int commits) {
    int total = products * runs;
    int perCommit = Math.max(1, (total + commits - 1) / commits);
    List<Row> productRows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (int p = 0; p < products; p++) {
      productRows.add(row(CatalogTable.PRODUCTS, "id", "d" + (p % 10) + ".p" + p, "domain", "d" + (p % 10), "name", "p" + p,
          "version", "1.0.0", "owner_team", "team" + (p % 37), "owner_contact", "t@example.com", "format", "delta",
          "write_mode", "overwrite", "location", "/w/delta/d/p" + p, "schema_json", "[]", "sla_json", "{}",
          "descriptor_hash", "h" + p, "updated", now));
    }
    catalog.append(CatalogTable.PRODUCTS, productRows);
    List<Row> runRows = new ArrayList<>();
    List<Row> quality = new ArrayList<>();
    List<Row> lineage = new ArrayList<>();
    LocalDate start = LocalDate.of(2024, 1, 1);
    int done = 0;
    for (int r = 0; r < runs; r++) {
      for (int p = 0; p < products; p++) {
        String id = "d" + (p % 10) + ".p" + p;
        String run = UUID.randomUUID().toString();
        Date date = Date.valueOf(start.plusDays(r));
        Timestamp at = Timestamp.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * r + p));
        String status = (p * 31 + r) % 50 == 0 ? "failed" : "succeeded";
        runRows.add(row(CatalogTable.RUNS, "run_id", run, "product", id, "product_version", "1.0.0", "logical_date", date,
            "status", status, "started_at", at, "ended_at", at, "duration_ms", 1200L, "rows_written", 100L,
            "table_version", (long) r, "quality_summary", "3 rules: 3 passed, 0 warned, 0 failed",
            "timings_ms", scala.collection.immutable.Map$.MODULE$.empty(), "drill", false));
        for (String rule : List.of("unique_id", "row_count", "value_range")) {
          quality.add(row(CatalogTable.QUALITY, "run_id", run, "product", id, "logical_date", date, "rule", rule, "kind", "unique",
              "metric", "m", "value", 1.0, "threshold", ">= 1", "severity", "error", "status", "passed", "table_version", (long) r,
              "recorded_at", at));
        }
        String input = p < 10 ? "source:tpch" : "d" + ((p - 10) % 10) + ".p" + (p - 10);
        lineage.add(row(CatalogTable.LINEAGE, "run_id", run, "product", id, "logical_date", date, "status", status, "level", "table",
            "input", input, "input_alias", "up", "input_version", (long) r, "output_version", (long) r, "recorded_at", at,
            "input_table", input));
        for (String c : List.of("id", "day", "value")) {
          lineage.add(row(CatalogTable.LINEAGE, "run_id", run, "product", id, "logical_date", date, "status", status, "level", "column",
              "input", input, "input_alias", "up", "input_version", (long) r, "output_version", (long) r, "output_column", c,
              "input_column", c, "kind", "direct", "subtype", "IDENTITY", "recorded_at", at, "input_table", input));
        }
        done++;
        if (done % perCommit == 0 || done == total) {
          catalog.append(CatalogTable.RUNS, runRows);
          catalog.append(CatalogTable.QUALITY, quality);
          catalog.append(CatalogTable.LINEAGE, lineage);
          runRows = new ArrayList<>();
          quality = new ArrayList<>();
          lineage = new ArrayList<>();
        }
      }
    }
  }
}
