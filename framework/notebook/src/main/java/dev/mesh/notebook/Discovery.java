package dev.mesh.notebook;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.catalog.Holds;
import dev.mesh.catalog.Publications;
import dev.mesh.catalog.SparkCatalogReader;
import dev.mesh.config.MeshConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.lineage.LineageTree;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.quality.Rule;
import dev.mesh.render.Durations;
import dev.mesh.render.RuleText;
import dev.mesh.runtime.Freshness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The discovery magics: list and search products, describe one, show its lineage. Declared facts come from the
 * loaded configuration (the same {@link MeshConfig} bin/mesh loads), run facts from the catalog tables, read only.
 */
final class Discovery {
  private final SparkSession spark;
  private final MeshConfig config;
  private final CatalogStore catalog;
  private final ProductGraph graph;
  private final Clock clock;

  Discovery(SparkSession spark, MeshConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.catalog = dev.mesh.core.Mesh.of(config).on(spark).catalog();
    this.graph = ProductGraph.of(config.all());
    this.clock = clock;
  }

  /**
   * A declaration's file as the analyst finds it in the project ({@code conf/sales/orders.conf}): the kernel runs in
   * {@code notebooks/}, so the loader's names (relative to the working directory) would be absolute paths of this machine.
   */
  private String inProject(String file) {
    Path home = config.platform().home().toAbsolutePath().normalize();
    Path path = Path.of(file).toAbsolutePath().normalize();
    return path.startsWith(home) ? home.relativize(path).toString() : file;
  }

  private CatalogQueries queries() {
    return new CatalogQueries(new dev.mesh.catalog.SparkCatalogReader(catalog), config);
  }

  private boolean recorded(CatalogTable t) {
    return catalog.exists(t);
  }

  /** {@code %products [words]}: every product, or those whose id, description, owner, tags or columns match all words. */
  List<Output> products(List<String> words) {
    Map<String, CatalogQueries.ProductStatus> status = new TreeMap<>();
    if (recorded(CatalogTable.RUNS)) {
      queries().products().forEach(p -> status.put(p.id(), p));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (ProductDescriptor d : sorted()) {
      if (!matches(d, words)) {
        continue;
      }
      CatalogQueries.ProductStatus s = status.get(d.id().toString());
      rows.add(row(
          d.id().toString(),
          d.owner() == null ? null : d.owner().team(),
          d.output().format().label(),
          d.version(),
          s == null || s.lastDate() == null ? null : s.lastDate(),
          s == null ? "never run" : s.status(),
          d.description()));
    }
    if (rows.isEmpty()) {
      return List.of(Output.text(
          "No product matches '" + String.join(" ", words) + "' (searched ids, descriptions, owners, tags and column names of "
              + config.all().size() + " products). List them all with %products"));
    }
    ResultTable t = ResultTable.of(List.of("product", "owner", "format", "version", "last_date", "status", "description"), rows);
    return List.of(Output.table(t));
  }

  private boolean matches(ProductDescriptor d, List<String> words) {
    StringBuilder hay = new StringBuilder(d.id().toString()).append(' ').append(nz(d.description()));
    if (d.owner() != null) {
      hay.append(' ').append(d.owner().team()).append(' ').append(nz(d.owner().contact()));
    }
    d.tags().forEach(t -> hay.append(' ').append(t));
    for (ColumnSpec c : d.schema().columns()) {
      hay.append(' ').append(c.name()).append(' ').append(nz(c.description()));
    }
    String text = hay.toString().toLowerCase(Locale.ROOT);
    return words.stream().allMatch(w -> text.contains(w.toLowerCase(Locale.ROOT)));
  }

  /** {@code %describe <id>}: owner, description, SLA rules, freshness, the last run and its quality outcomes. */
  List<Output> describe(String id) {
    ProductDescriptor d = descriptor(id);
    String pid = d.id().toString();
    Row last = null;
    Instant lastSuccess = null;
    Holds.Hold hold = null;
    if (recorded(CatalogTable.RUNS)) {
      var runs = catalog.read(CatalogTable.RUNS).where(functions.col("product").equalTo(pid));
      // The last run: a hold or its release (mesh hold) is not one; the hold in force is said beside it.
      last = runs.where(functions.not(functions.col("status").isin(Holds.HELD, Holds.RELEASED)))
          .orderBy(functions.col("started_at").desc()).limit(1).collectAsList().stream().findFirst().orElse(null);
      hold = Holds.inForce(SparkCatalogReader.rows(runs.where(functions.col("status").isin(Holds.HELD, Holds.RELEASED)), Holds.COLUMNS))
          .get(pid);
      // As fresh as the rows readers read: after a rollback, those of the run it restored (Publications), from this
      // product's rows only.
      lastSuccess = Publications.current(SparkCatalogReader.rows(runs, Publications.COLUMNS).stream().map(Publications.Entry::of).toList())
          .map(p -> p.run().endedAt())
          .orElse(null);
    }
    Duration maxAge = d.sla().freshness().maxAge();
    Freshness.Status fresh = Freshness.of(maxAge, lastSuccess, clock.instant());

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("description", nz(d.description()));
    facts.put("owner", d.owner() == null ? "-" : d.owner().team() + " <" + d.owner().contact() + ">");
    facts.put("version", d.version());
    facts.put("output", d.output().format().label() + ", mode " + d.output().mode().label()
        + (d.output().partitionedBy().isEmpty() ? "" : ", partitioned by " + String.join(", ", d.output().partitionedBy())));
    facts.put("schedule", d.schedule() == null ? "on demand" : d.schedule());
    facts.put("tags", d.tags().isEmpty() ? "-" : String.join(", ", d.tags()));
    List<String> inputs = new ArrayList<>();
    for (InputSpec in : d.inputs()) {
      inputs.add(in instanceof InputSpec.ProductInput p ? p.product().toString() : "source " + ((InputSpec.SourceInput) in).type());
    }
    facts.put("inputs", inputs.isEmpty() ? "-" : String.join(", ", inputs));
    facts.put("consumers", graph.downstreamOf(d.id()).isEmpty() ? "-" : String.join(", ", graph.downstreamOf(d.id()).stream().map(ProductId::toString).toList()));
    facts.put("freshness SLA", maxAge == null ? "none" : "at most " + Durations.declared(maxAge) + " since the last successful run");
    d.sla().freshness().inputs().forEach(f -> facts.merge("input SLA", RuleText.of(f), (a, b) -> a + ", " + b));
    facts.put("freshness", fresh.label() + (lastSuccess == null ? "" : " (last success " + lastSuccess + ", " + Durations.elapsed(Duration.between(lastSuccess, clock.instant())) + " ago)"));
    if (last == null) {
      facts.put("last run", "never run");
    } else {
      facts.put("last run", last.<String>getAs("status") + " for " + last.getAs("logical_date") + ", ended " + last.getAs("ended_at")
          + (last.getAs("rows_written") == null ? "" : ", " + last.getAs("rows_written") + " rows")
          + (last.getAs("table_version") == null ? "" : ", table version " + last.getAs("table_version")));
      facts.put("quality", last.getAs("quality_summary") == null ? "-" : last.getAs("quality_summary"));
      if (last.getAs("error") != null) {
        facts.put("error", last.getAs("error"));
      }
    }
    if (hold != null) {
      facts.put("held", hold.detail() + "; its runs do not run until mesh release " + pid);
    }
    facts.put("declared in", inProject(d.origin().file()) + ":" + d.origin().line());

    List<List<Object>> factRows = new ArrayList<>();
    facts.forEach((k, v) -> factRows.add(row(k, v)));
    List<List<Object>> schema = new ArrayList<>();
    for (ColumnSpec c : d.schema().columns()) {
      schema.add(row(c.name(), c.type(), c.nullable() ? "yes" : "no", c.pii() ? "pii" : "", nz(c.description())));
    }
    List<List<Object>> rules = new ArrayList<>();
    for (Rule r : d.sla().rules()) {
      rules.add(row(r.name(), r.severity().label(), RuleText.withoutSeverity(r)));
    }
    List<List<Object>> outcomes = new ArrayList<>();
    if (last != null && recorded(CatalogTable.QUALITY)) {
      for (Row q : catalog.read(CatalogTable.QUALITY).where(functions.col("run_id").equalTo(last.<String>getAs("run_id")))
          .orderBy("rule").select("rule", "severity", "status", "value", "threshold").collectAsList()) {
        outcomes.add(row(q.get(0), q.get(1), q.get(2), q.get(3), q.get(4)));
      }
    }

    ResultTable factTable = ResultTable.of(List.of("", ""), factRows);
    ResultTable schemaTable = ResultTable.of(List.of("column", "type", "nullable", "pii", "description"), schema);
    ResultTable ruleTable = ResultTable.of(List.of("rule", "severity", "definition"), rules);
    ResultTable outcomeTable = ResultTable.of(List.of("rule", "severity", "status", "value", "threshold"), outcomes);

    StringBuilder html = new StringBuilder("<h3>").append(Rendering.escape(pid)).append("</h3>\n");
    html.append(Rendering.html(factTable).replace("<thead><tr><th></th><th></th></tr></thead>\n", ""));
    html.append("<h4>Schema contract</h4>\n").append(Rendering.html(schemaTable));
    html.append("<h4>Quality rules (SLA)</h4>\n").append(rules.isEmpty() ? "<p>none declared</p>" : Rendering.html(ruleTable));
    html.append("<h4>Quality of the last run</h4>\n").append(outcomes.isEmpty() ? "<p>no outcomes recorded</p>" : Rendering.html(outcomeTable));

    StringBuilder text = new StringBuilder(pid).append("\n\n");
    facts.forEach((k, v) -> text.append(String.format("%-14s %s%n", k + ":", v)));
    text.append("\nschema:\n").append(Rendering.text(schemaTable)).append("\n\nquality rules:\n")
        .append(rules.isEmpty() ? "none declared" : Rendering.text(ruleTable))
        .append("\n\nquality of the last run:\n").append(outcomes.isEmpty() ? "no outcomes recorded" : Rendering.text(outcomeTable));
    return List.of(new Output(text.toString(), html.toString(), null));
  }

  /** {@code %lineage <id> [--columns]}: every product upstream and downstream, and the trees with versions read. */
  List<Output> lineage(String id, boolean columns) {
    ProductDescriptor d = descriptor(id);
    String pid = d.id().toString();
    CatalogQueries.Graph recordedGraph = recorded(CatalogTable.LINEAGE) ? queries().graph() : declaredGraph();
    Map<String, Long> versionRead = new TreeMap<>();
    recordedGraph.inputs(pid).forEach(e -> versionRead.put(e.input(), e.inputVersion()));

    List<List<Object>> rows = new ArrayList<>();
    distances(d.id(), true).forEach((p, dist) -> rows.add(relation("upstream", p, dist, versionRead.get(p.toString()))));
    distances(d.id(), false).forEach((p, dist) -> rows.add(relation("downstream", p, dist, null)));
    for (InputSpec in : d.inputs()) {
      if (in instanceof InputSpec.SourceInput s) {
        rows.add(row("source", s.type() + " (as " + s.alias() + ")", 1, "-", "-", "-", null));
      }
    }
    ResultTable table = ResultTable.of(List.of("relation", "product", "distance", "domain", "owner", "format", "version_read"), rows);
    LineageTree tree = new LineageTree(recordedGraph, columns);
    String trees = "upstream of " + tree.upstream(pid).stripTrailing() + "\n\ndownstream of " + tree.downstream(pid).stripTrailing();

    List<Output> out = new ArrayList<>();
    out.add(new Output(
        Rendering.text(table) + "\n\n" + trees,
        Rendering.html(table) + "\n<pre>" + Rendering.escape(trees) + "</pre>",
        null));
    if (columns) {
      List<List<Object>> cols = new ArrayList<>();
      for (CatalogQueries.Column c : recordedGraph.columns(pid)) {
        cols.add(row(c.output(), c.input(), c.column(), c.kind(), c.subtype()));
      }
      out.add(cols.isEmpty()
          ? Output.text("No column lineage recorded for " + pid + " yet: it is recorded by each successful run.")
          : Output.table(ResultTable.of(List.of("output_column", "input", "input_column", "kind", "subtype"), cols)));
    }
    return out;
  }

  private List<Object> relation(String relation, ProductId p, int distance, Long versionRead) {
    ProductDescriptor d = graph.descriptor(p);
    return row(relation, p.toString(), distance, p.domain(), d == null || d.owner() == null ? "-" : d.owner().team(),
        d == null ? "-" : d.output().format().label(), versionRead);
  }

  /** Each product reachable upstream (or downstream), with its shortest distance, nearest first, then by id. */
  private Map<ProductId, Integer> distances(ProductId start, boolean upstream) {
    Map<ProductId, Integer> dist = new LinkedHashMap<>();
    Deque<ProductId> queue = new ArrayDeque<>(List.of(start));
    dist.put(start, 0);
    while (!queue.isEmpty()) {
      ProductId p = queue.poll();
      for (ProductId next : upstream ? graph.upstreamOf(p) : graph.downstreamOf(p)) {
        if (!dist.containsKey(next)) {
          dist.put(next, dist.get(p) + 1);
          queue.add(next);
        }
      }
    }
    dist.remove(start);
    Map<ProductId, Integer> sorted = new LinkedHashMap<>();
    dist.entrySet().stream()
        .sorted(Map.Entry.<ProductId, Integer>comparingByValue().thenComparing(e -> e.getKey().toString()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** The lineage as declared, for a warehouse where nothing has run yet. */
  private CatalogQueries.Graph declaredGraph() {
    Map<String, List<CatalogQueries.Edge>> inputs = new TreeMap<>();
    for (ProductDescriptor p : config.all()) {
      List<CatalogQueries.Edge> edges = new ArrayList<>();
      for (InputSpec in : p.inputs()) {
        String name = in instanceof InputSpec.ProductInput pi ? pi.product().toString() : "source:" + ((InputSpec.SourceInput) in).type();
        edges.add(new CatalogQueries.Edge(p.id().toString(), name, in.alias(), null, null, null));
      }
      inputs.put(p.id().toString(), edges);
    }
    return new CatalogQueries.Graph(inputs, Map.of());
  }

  private ProductDescriptor descriptor(String id) {
    ProductId pid;
    try {
      pid = ProductId.parse(id);
    } catch (RuntimeException e) {
      throw new NotebookException("'" + id + "' is not a product id: ids are <domain>.<name>, e.g. sales.orders. List them with %products");
    }
    return config.find(pid).orElseThrow(() -> {
      List<String> close = MeshErrors.similarIds(id, config.all().stream().map(ProductDescriptor::id).toList());
      return new NotebookException(
          "Unknown product " + id + ": it is declared in no conf file of this mesh (" + config.all().size() + " products). "
              + (close.isEmpty() ? "" : "Did you mean " + String.join(", ", close) + "? ")
              + "List them with %products, or search: %products <word>");
    });
  }

  private List<ProductDescriptor> sorted() {
    List<ProductDescriptor> all = new ArrayList<>(config.all());
    all.sort(java.util.Comparator.comparing(p -> p.id().toString()));
    return all;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static List<Object> row(Object... cells) {
    return new ArrayList<>(java.util.Arrays.asList(cells));
  }
}
