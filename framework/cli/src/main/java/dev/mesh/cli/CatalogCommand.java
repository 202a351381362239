package dev.mesh.cli;

import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.quality.Rule;
import dev.mesh.render.Durations;
import dev.mesh.render.RuleText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh catalog}: every product with owner, format, version, last run and status; {@code show}, {@code compact}. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List the products: owner, format, published version, last run and its status.",
    subcommands = {CatalogCommand.Show.class, CatalogCommand.Compact.class})
final class CatalogCommand implements Callable<Integer> {

  @Option(names = "--format", paramLabel = "table|csv", description = "table (default) or csv")
  SqlCommand.Format format = SqlCommand.Format.table;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      CatalogQueries q = queries(mesh);
      List<List<String>> rows = new ArrayList<>();
      for (CatalogQueries.ProductStatus p : q.products()) {
        rows.add(List.of(
            p.id(), str(p.owner()), str(p.format()), str(p.declaredVersion()), p.tableVersion() == null ? "-" : String.valueOf(p.tableVersion()),
            p.lastDate() == null ? "-" : p.lastDate(), p.lastRun() == null ? "-" : p.lastRun(), p.status()));
      }
      List<String> header = List.of("product", "owner", "format", "version", "table_version", "last_date", "last_run", "status");
      if (format == SqlCommand.Format.csv) {
        TablePrinter.printCsv(System.out, header, rows);
      } else {
        TablePrinter.printAligned(System.out, header, rows);
        System.out.println("(" + rows.size() + " products; details: mesh catalog show <id>, lineage: mesh lineage <id>)");
      }
      return 0;
    }
  }

  static CatalogQueries queries(Mesh mesh) {
    return new CatalogQueries(mesh.catalogReader(), mesh.config());
  }

  static String str(String s) {
    return s == null ? "-" : s;
  }

  /** {@code mesh catalog show <id>}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a product: descriptor, schema with descriptions, SLAs, upstream and downstream, recent runs.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "PRODUCT", description = "A product id, e.g. sales.orders")
    String id;

    @Option(names = "--runs", paramLabel = "N", description = "How many recent runs (default ${DEFAULT-VALUE})")
    int runs = 10;

    @Override
    public Integer call() {
      try (Mesh mesh = Mesh.open()) {
        ProductDescriptor d = mesh.config().product(id);
        print(System.out, d, mesh.config().platform().retentionOf(d), transform(mesh, d), mesh.graph(), queries(mesh), runs);
        return 0;
      }
    }

    /** {@code sql daily_revenue.sql, 3 unit tests (bin/mesh test sales.daily_revenue)}. */
    static String transform(Mesh mesh, ProductDescriptor d) {
      String what = d.transform() instanceof dev.mesh.model.TransformSpec.SqlFile sql
          ? "sql " + sql.file()
          : "java " + ((dev.mesh.model.TransformSpec.JavaClass) d.transform()).className();
      String tests = new dev.mesh.config.TransformTestsLoader(mesh.config()).counts()
          .map(c -> c.getOrDefault(d.id(), 0))
          .map(n -> n == 0 ? "no unit tests" : dev.mesh.render.Plural.count(n, "unit test") + " (bin/mesh test " + d.id() + ")")
          .orElse("unit tests unreadable (bin/mesh validate)");
      return what + ", " + tests;
    }

    static void print(PrintStream out, ProductDescriptor d, java.time.Duration retention, String transform, ProductGraph graph,
        CatalogQueries q, int runs) {
      out.println(d.id() + "  (version " + d.version() + ")");
      if (d.description() != null && !d.description().isBlank()) {
        out.println("  " + d.description());
      }
      out.println();
      out.println("owner:     " + (d.owner() == null ? "-" : d.owner().team() + " <" + d.owner().contact() + ">"));
      out.println("output:    " + d.output().format().label() + ", mode " + d.output().mode().label()
          + (d.output().partitionedBy().isEmpty() ? "" : ", partitioned by " + String.join(", ", d.output().partitionedBy()))
          + (d.output().mergeKeys().isEmpty() ? "" : ", merge keys " + String.join(", ", d.output().mergeKeys())));
      out.println("retention: " + Durations.declared(retention) + (d.output().retention() == null ? " (mesh.storage.retention)" : "")
          + ": older versions are deleted by mesh maintain");
      out.println("transform: " + transform);
      out.println("schedule:  " + (d.schedule() == null ? "on demand" : d.schedule()));
      out.println("tags:      " + (d.tags().isEmpty() ? "-" : String.join(", ", d.tags())));
      out.println("declared:  " + d.origin().file() + ":" + d.origin().line());
      out.println();
      out.println("schema:");
      List<List<String>> cols = new ArrayList<>();
      for (ColumnSpec c : d.schema().columns()) {
        cols.add(List.of(c.name(), c.type(), c.nullable() ? "null" : "not null", c.pii() ? "pii" : "", c.description() == null ? "" : c.description()));
      }
      TablePrinter.printAligned(out, List.of("column", "type", "nulls", "pii", "description"), cols);
      out.println();
      out.println("SLA:");
      FreshnessSpec freshness = d.sla().freshness();
      out.println("  freshness: " + (freshness.maxAge() == null ? "none" : Durations.declared(freshness.maxAge())));
      for (FreshnessSpec.InputFreshness f : freshness.inputs()) {
        out.println("  " + RuleText.of(f));
      }
      if (d.sla().rules().isEmpty()) {
        out.println("  rules: none");
      } else {
        out.println("  rules:");
        int width = d.sla().rules().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (Rule r : d.sla().rules()) {
          out.println("    " + r.name() + " ".repeat(width - r.name().length()) + "  " + RuleText.of(r));
        }
      }
      out.println();
      List<String> upstream = new ArrayList<>();
      for (InputSpec in : d.inputs()) {
        upstream.add(in.alias() + " <- " + (in instanceof InputSpec.ProductInput p ? p.product() : "source " + ((InputSpec.SourceInput) in).type()));
      }
      list(out, "upstream", upstream);
      list(out, "downstream", graph.downstreamOf(d.id()).stream().map(ProductId::toString).toList());
      out.println();
      List<List<String>> rows = new ArrayList<>();
      List<String> columns = List.of("logical_date", "status", "started_at", "duration_ms", "rows_written", "table_version", "quality_summary");
      for (CatalogRow r : q.recentRuns(d.id().toString(), runs)) {
        rows.add(columns.stream().map(c -> r.isNull(c) ? "-" : r.text(c)).toList());
      }
      if (rows.isEmpty()) {
        out.println("recent runs: none");
        return;
      }
      out.println("recent runs:");
      TablePrinter.printAligned(out, List.of("logical_date", "status", "started_at", "ms", "rows", "version", "quality"), rows);
    }
  }

  /** {@code heading:} and one item a line, or {@code heading: none}. */
  private static void list(PrintStream out, String heading, List<String> items) {
    out.println(heading + ":" + (items.isEmpty() ? " none" : ""));
    items.forEach(i -> out.println("  " + i));
  }

  /** {@code mesh catalog compact}. */
  @Command(
      name = "compact",
      mixinStandardHelpOptions = true,
      description = "Compact the catalog tables (Delta OPTIMIZE) that have more than --above data files.")
  static final class Compact implements Callable<Integer> {
    @Option(names = "--above", paramLabel = "FILES", description = "Compact tables with more files than this (default ${DEFAULT-VALUE})")
    long above = 1;

    @Override
    public Integer call() {
      try (Mesh mesh = Mesh.open()) {
        CatalogStore catalog = mesh.context().catalog();
        Map<CatalogTable, long[]> done = catalog.compact(above);
        for (CatalogTable t : CatalogTable.values()) {
          long[] c = done.get(t);
          System.out.println(t.qualifiedName() + ": " + (c == null ? catalog.fileCount(t) + " files, left as is" : c[0] + " -> " + c[1] + " files"));
        }
        return 0;
      }
    }
  }
}
