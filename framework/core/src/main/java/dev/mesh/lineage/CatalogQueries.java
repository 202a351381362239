package dev.mesh.lineage;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The questions {@code mesh catalog} and {@code mesh lineage} ask of the catalog tables, each one Spark query over
 * {@code mesh.runs} or {@code mesh.lineage} (so the same answers are one {@code mesh sql} away).
 */
public final class CatalogQueries {
  private final SparkSession spark;
  private final CatalogStore catalog;
  private final MeshConfig config;

  public CatalogQueries(SparkSession spark, CatalogStore catalog, MeshConfig config) {
    this.spark = spark;
    this.catalog = catalog;
    this.config = config;
  }

  /** A product's state: declared facts and its last run (null fields when it never ran). */
  public record ProductStatus(
      String id, String owner, String format, String declaredVersion, Long tableVersion, String lastRun,
      String lastDate, String status, Long runs) {}

  /**
   * The query behind {@code mesh catalog}: last run, last published version and run count per product. The last run
   * is the one that ended last, shown by its end time — the definition {@code mesh status} uses too.
   */
  public static final String STATUS_SQL =
      "SELECT product, max(ended_at) AS last_run, max_by(logical_date, ended_at) AS last_date, "
          + "max_by(status, ended_at) AS status, "
          + "max_by(table_version, ended_at) FILTER (WHERE status = 'succeeded') AS table_version, count(*) AS runs "
          + "FROM runs GROUP BY product";

  public List<ProductStatus> products() {
    Map<String, Row> last = new HashMap<>();
    Dataset<Row> runs = catalog.read(CatalogTable.RUNS);
    runs.createOrReplaceTempView("runs");
    for (Row r : runs.sparkSession().sql(STATUS_SQL).collectAsList()) {
      last.put(r.getString(0), r);
    }
    Map<String, ProductStatus> out = new TreeMap<>();
    for (ProductDescriptor d : config.all()) {
      Row r = last.remove(d.id().toString());
      out.put(d.id().toString(), status(d.id().toString(), d.owner() == null ? null : d.owner().team(), d.output().format().label(), d.version(), r));
    }
    for (Map.Entry<String, Row> e : last.entrySet()) {
      out.put(e.getKey(), status(e.getKey(), null, null, null, e.getValue()));
    }
    return new ArrayList<>(out.values());
  }

  private static ProductStatus status(String id, String owner, String format, String version, Row r) {
    if (r == null) {
      return new ProductStatus(id, owner, format, version, null, null, null, "never run", 0L);
    }
    return new ProductStatus(
        id, owner, format, version, r.isNullAt(4) ? null : r.getLong(4), String.valueOf(r.get(1)),
        r.isNullAt(2) ? null : String.valueOf(r.get(2)), r.getString(3), r.getLong(5));
  }

  /** The last runs of a product, newest first. */
  public List<Row> recentRuns(String product, int limit) {
    return catalog.read(CatalogTable.RUNS)
        .where(org.apache.spark.sql.functions.col("product").equalTo(product))
        .orderBy(org.apache.spark.sql.functions.col("started_at").desc())
        .select("logical_date", "status", "started_at", "duration_ms", "rows_written", "table_version", "quality_summary")
        .limit(limit)
        .collectAsList();
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
  }

  /** The query behind {@code mesh lineage}: every row of each product's latest published run. */
  public static final String LATEST_LINEAGE_SQL =
      "SELECT l.* FROM lineage l JOIN (SELECT product, max_by(run_id, recorded_at) AS run_id FROM lineage "
          + "WHERE level = 'table' AND status = 'succeeded' GROUP BY product) last ON l.run_id = last.run_id";

  public Graph graph() {
    Dataset<Row> lineage = catalog.read(CatalogTable.LINEAGE);
    lineage.createOrReplaceTempView("lineage");
    Map<String, List<Edge>> inputs = new TreeMap<>();
    Map<String, List<Column>> columns = new TreeMap<>();
    for (Row r : lineage.sparkSession().sql(LATEST_LINEAGE_SQL + " ORDER BY product, level DESC, input, output_column, input_column").collectAsList()) {
      String product = r.getAs("product");
      if ("table".equals(r.getAs("level"))) {
        inputs.computeIfAbsent(product, k -> new ArrayList<>())
            .add(new Edge(product, r.getAs("input"), r.getAs("input_alias"), r.getAs("input_version"), r.getAs("output_version"), r.getAs("run_id")));
      } else {
        columns.computeIfAbsent(product, k -> new ArrayList<>())
            .add(new Column(product, r.getAs("output_column"), r.getAs("input"), r.getAs("input_alias"), r.getAs("input_column"), r.getAs("kind"), r.getAs("subtype")));
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

  /** Whether {@code id} is a product the catalog knows (declared or recorded). */
  public boolean known(String id) {
    return config.find(ProductId.parse(id)).isPresent()
        || catalog.read(CatalogTable.RUNS).where(org.apache.spark.sql.functions.col("product").equalTo(id)).limit(1).count() > 0;
  }
}
