package dev.mesh.lineage;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.catalog.Holds;
import dev.mesh.catalog.Publications;
import dev.mesh.config.MeshConfig;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The questions the metadata commands ({@code mesh status}, {@code mesh catalog}, {@code mesh lineage}, {@code mesh
 * quality}), the catalog site and the notebooks ask of the catalog tables, answered in Java over rows a {@link
 * CatalogReader} reads: with Delta Kernel and no Spark session for the embedded default, with Spark otherwise. The
 * same answers are a {@code mesh sql} query away (the SQL is given with the two that are not plain filters).
 */
public final class CatalogQueries {
  private static final Comparator<Instant> OLDEST_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final List<String> RUN_COLUMNS =
      List.of(
          "run_id", "product", "logical_date", "status", "started_at", "ended_at", "duration_ms", "rows_written",
          "table_version", "quality_summary", "warnings", "restored_run", "reason");

  private final CatalogReader reader;
  private final MeshConfig config;
  private List<CatalogRow> runs;

  public CatalogQueries(CatalogReader reader, MeshConfig config) {
    this.reader = reader;
    this.config = config;
  }

  /** The rows of {@code mesh.runs} these questions need, read once per instance. */
  private synchronized List<CatalogRow> runs() {
    if (runs == null) {
      runs = reader.read(CatalogTable.RUNS, RUN_COLUMNS);
    }
    return runs;
  }

  /** A product's state: declared facts and its last run (null fields when it never ran). */
  public record ProductStatus(
      String id, String owner, String format, String declaredVersion, Long tableVersion, String lastRun,
      String lastDate, String status, Long runs) {}

  /**
   * What {@code mesh catalog} and {@code mesh status} know of each recorded product: its last run (the one that ended
   * last, a rollback included; a hold or its release is not a run, but is the last row of a product that never ran),
   * the hold in force ({@link Holds}, or null), what readers read now ({@link Publications}: the last success, or the run a rollback
   * made current again, with the version now current and that run's end time, when its rows were published) and its
   * run count. Without rollbacks, in SQL: {@code SELECT product, max(ended_at), max_by(status, ended_at),
   * max_by(table_version, ended_at) FILTER (WHERE status = 'succeeded'), count(*) FROM mesh.runs GROUP BY product}.
   */
  public record RunSummary(CatalogRow last, CatalogRow lastSuccess, long runs, Holds.Hold hold) {
    /** The last run's status, with ", held" while the product is held ({@code succeeded, held}). */
    public String status() {
      String status = last.string("status");
      return hold == null || Holds.HELD.equals(status) ? status : status + ", held";
    }

    /** The number of warnings of the last run (0 when the runs table predates the column). */
    public int lastWarnings() {
      return last.strings("warnings").size();
    }
  }

  public Map<String, RunSummary> runSummaries() {
    Comparator<CatalogRow> byEnd = Comparator.comparing(r -> r.instant("ended_at"), OLDEST_FIRST);
    Map<String, CatalogRow> last = new HashMap<>();
    Map<String, List<CatalogRow>> byProduct = new HashMap<>();
    // A run's row outranks any hold's or release's: those are the last row only of a product that never ran.
    Comparator<CatalogRow> lastRun =
        Comparator.comparing((CatalogRow r) -> !Holds.isHoldOrRelease(r.string("status"))).thenComparing(byEnd);
    for (CatalogRow r : runs()) {
      String product = r.string("product");
      last.merge(product, r, (a, b) -> lastRun.compare(a, b) >= 0 ? a : b);
      byProduct.computeIfAbsent(product, k -> new ArrayList<>()).add(r);
    }
    Map<String, RunSummary> out = new TreeMap<>();
    last.forEach((product, r) -> {
      List<CatalogRow> rows = byProduct.get(product);
      out.put(product, new RunSummary(r, published(rows), rows.size(), Holds.inForce(rows).get(product)));
    });
    return out;
  }

  /**
   * The row of the run whose rows readers read now, its {@code table_version} the version that holds them now; null
   * when nothing was published.
   */
  private static CatalogRow published(List<CatalogRow> rows) {
    return Publications.current(rows.stream().map(Publications.Entry::of).toList())
        .map(p -> {
          CatalogRow run = rows.stream().filter(r -> java.util.Objects.equals(r.string("run_id"), p.run().runId())).findFirst().orElseThrow();
          Map<String, Object> values = new HashMap<>(run.values());
          values.put("table_version", p.version());
          return new CatalogRow(values);
        })
        .orElse(null);
  }

  /** {@code mesh catalog}: every declared product, and every recorded one no longer declared, with its last run. */
  public List<ProductStatus> products() {
    Map<String, RunSummary> last = new HashMap<>(runSummaries());
    Map<String, ProductStatus> out = new TreeMap<>();
    for (ProductDescriptor d : config.all()) {
      RunSummary r = last.remove(d.id().toString());
      out.put(d.id().toString(), status(d.id().toString(), d.owner() == null ? null : d.owner().team(), d.output().format().label(), d.version(), r));
    }
    for (Map.Entry<String, RunSummary> e : last.entrySet()) {
      out.put(e.getKey(), status(e.getKey(), null, null, null, e.getValue()));
    }
    return new ArrayList<>(out.values());
  }

  private static ProductStatus status(String id, String owner, String format, String version, RunSummary r) {
    if (r == null) {
      return new ProductStatus(id, owner, format, version, null, null, null, "never run", 0L);
    }
    return new ProductStatus(
        id, owner, format, version, r.lastSuccess() == null ? null : r.lastSuccess().longValue("table_version"),
        r.last().text("ended_at"), r.last().text("logical_date"),
        r.status(), r.runs());
  }

  /**
   * The last runs of a product, newest (by start) first: {@code logical_date, status, started_at, duration_ms,
   * rows_written, table_version, quality_summary}.
   */
  public List<CatalogRow> recentRuns(String product, int limit) {
    return runs().stream()
        .filter(r -> product.equals(r.string("product")))
        .sorted(Comparator.comparing((CatalogRow r) -> r.instant("started_at"), OLDEST_FIRST).reversed())
        .limit(limit)
        .toList();
  }

  /**
   * {@code mesh quality}: every {@code mesh.quality} row of the product's last {@code lastRuns} runs (runs ranked by
   * their latest row), newest first, then by rule.
   */
  public List<CatalogRow> recentQuality(String product, int lastRuns) {
    List<CatalogRow> rows =
        reader.read(
            CatalogTable.QUALITY,
            List.of("run_id", "product", "recorded_at", "logical_date", "rule", "metric", "value", "threshold", "severity", "status"),
            r -> product.equals(r.string("product")));
    Map<String, Instant> at = new HashMap<>();
    for (CatalogRow r : rows) {
      at.merge(r.string("run_id"), r.instant("recorded_at") == null ? Instant.MIN : r.instant("recorded_at"), (a, b) -> a.isAfter(b) ? a : b);
    }
    java.util.Set<String> kept =
        at.entrySet().stream()
            .sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
            .limit(lastRuns)
            .map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toSet());
    return rows.stream()
        .filter(r -> kept.contains(r.string("run_id")))
        .sorted(
            Comparator.comparing((CatalogRow r) -> r.instant("recorded_at"), OLDEST_FIRST).reversed()
                .thenComparing(r -> r.string("rule"), Comparator.nullsFirst(Comparator.<String>naturalOrder())))
        .toList();
  }

  /** One edge of the lineage graph: {@code product} read {@code input} (alias) at {@code inputVersion}. */
  public record Edge(String product, String input, String alias, Long inputVersion, Long outputVersion, String runId) {}

  /** A column dependency of a product's latest recorded run. */
  public record Column(String product, String output, String input, String alias, String column, String kind, String subtype) {}

  /** The lineage of every product: from its latest published run, else (never published) as declared. */
  public record Graph(Map<String, List<Edge>> inputsOf, Map<String, List<Column>> columnsOf) {

    public List<Edge> inputs(String product) {
      return inputsOf.getOrDefault(product, List.of());
    }

    public List<Edge> consumers(String product) {
      List<Edge> out = new ArrayList<>();
      inputsOf.values().forEach(l -> l.stream().filter(e -> e.input().equals(product)).forEach(out::add));
      out.sort(java.util.Comparator.comparing(Edge::product));
      return out;
    }

    public List<Column> columns(String product) {
      return columnsOf.getOrDefault(product, List.of());
    }

    /**
     * The columns of {@code input} that {@code product}'s latest recorded run read, for its values or in its filters,
     * joins and groupings, sorted; empty when none is recorded (it has not run since reading {@code input}).
     */
    public List<String> columnsRead(String product, String input) {
      return columns(product).stream()
          .filter(c -> input.equals(c.input()) && c.column() != null)
          .map(Column::column)
          .distinct()
          .sorted()
          .toList();
    }
  }

  private static final List<String> LINEAGE_COLUMNS =
      List.of(
          "run_id", "product", "status", "level", "input", "input_alias", "input_version", "output_version", "output_column",
          "input_column", "kind", "subtype", "recorded_at");

  /**
   * {@code mesh lineage}: every row of the run whose rows each product's readers read now (its latest published run,
   * or the run a rollback made current again: {@link Publications}), else (never published) its declared inputs.
   * Without rollbacks, in SQL: {@code SELECT l.* FROM mesh.lineage l JOIN (SELECT product, max_by(run_id, recorded_at) AS run_id
   * FROM mesh.lineage WHERE level = 'table' AND status = 'succeeded' GROUP BY product) last ON l.run_id = last.run_id}.
   */
  public Graph graph() {
    List<CatalogRow> lineage = reader.read(CatalogTable.LINEAGE, LINEAGE_COLUMNS);
    Map<String, CatalogRow> latest = new HashMap<>();
    Comparator<CatalogRow> byRecorded = Comparator.comparing(r -> r.instant("recorded_at"), OLDEST_FIRST);
    // After a rollback the rows readers read are an earlier run's: its lineage, where it was recorded.
    Map<String, String> published = new HashMap<>();
    runSummaries().forEach((product, s) -> {
      if (s.lastSuccess() != null) {
        published.put(product, s.lastSuccess().string("run_id"));
      }
    });
    Map<String, CatalogRow> current = new HashMap<>();
    for (CatalogRow r : lineage) {
      if ("table".equals(r.string("level")) && "succeeded".equals(r.string("status"))) {
        latest.merge(r.string("product"), r, (a, b) -> byRecorded.compare(a, b) >= 0 ? a : b);
        if (java.util.Objects.equals(r.string("run_id"), published.get(r.string("product")))) {
          current.put(r.string("product"), r);
        }
      }
    }
    latest.putAll(current);
    java.util.Set<String> runIds = new java.util.HashSet<>();
    latest.values().forEach(r -> runIds.add(r.string("run_id")));
    Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
    List<CatalogRow> rows =
        lineage.stream()
            .filter(r -> runIds.contains(r.string("run_id")))
            .sorted(
                Comparator.comparing((CatalogRow r) -> r.string("product"), text)
                    .thenComparing(r -> r.string("level"), text.reversed())
                    .thenComparing(r -> r.string("input"), text)
                    .thenComparing(r -> r.string("output_column"), text)
                    .thenComparing(r -> r.string("input_column"), text))
            .toList();
    Map<String, List<Edge>> inputs = new TreeMap<>();
    Map<String, List<Column>> columns = new TreeMap<>();
    for (CatalogRow r : rows) {
      String product = r.string("product");
      if ("table".equals(r.string("level"))) {
        inputs.computeIfAbsent(product, k -> new ArrayList<>())
            .add(new Edge(product, r.string("input"), r.string("input_alias"), r.longValue("input_version"), r.longValue("output_version"), r.string("run_id")));
      } else {
        columns.computeIfAbsent(product, k -> new ArrayList<>())
            .add(new Column(product, r.string("output_column"), r.string("input"), r.string("input_alias"), r.string("input_column"), r.string("kind"), r.string("subtype")));
      }
    }
    for (ProductDescriptor d : config.all()) {
      String id = d.id().toString();
      if (!inputs.containsKey(id) && !d.inputs().isEmpty()) {
        List<Edge> declared = new ArrayList<>();
        for (InputSpec in : d.inputs()) {
          String name = in instanceof InputSpec.ProductInput p ? p.product().toString() : "source:" + ((InputSpec.SourceInput) in).type();
          declared.add(new Edge(id, name, in.alias(), null, null, null));
        }
        inputs.put(id, declared);
      }
    }
    return new Graph(inputs, columns);
  }

  /** The products the catalog knows: declared, or recorded by a run (a product since removed from conf/ included). */
  public java.util.SortedSet<ProductId> knownIds() {
    java.util.SortedSet<ProductId> ids = new java.util.TreeSet<>();
    config.all().forEach(d -> ids.add(d.id()));
    for (CatalogRow r : runs()) {
      ids.add(ProductId.parse(r.string("product")));
    }
    return ids;
  }
}
