package dev.mesh.notebook;

import dev.mesh.config.MeshConfig;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.spark.ReadOnlyGuard;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook cell does, apart from the Jupyter protocol: Spark SQL over every product and catalog table by
 * name, and the magics. Read only: it never writes a table, nor the catalog.
 */
public final class NotebookSession {
  public static final int DEFAULT_LIMIT = 100;
  static final int CHART_ROWS = 10_000;

  private final SparkSession spark;
  private final MeshConfig config;
  private final Discovery discovery;
  private int limit = DEFAULT_LIMIT;

  public NotebookSession(SparkSession spark, MeshConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.discovery = new Discovery(spark, config, clock);
  }

  public SparkSession spark() {
    return spark;
  }

  public MeshConfig config() {
    return config;
  }

  public int limit() {
    return limit;
  }

  /** Evaluates one cell. Throws {@link NotebookException} with a message for the analyst when it cannot. */
  public List<Output> eval(String code) {
    Cell cell = Cell.parse(code);
    if (cell instanceof Cell.Sql sql) {
      return sql(sql.statements());
    }
    Cell.Magic m = (Cell.Magic) cell;
    return switch (m.name()) {
      case "help", "lsmagic" -> List.of(Output.text(HELP));
      case "limit" -> limit(m);
      case "products", "search" -> discovery.products(m.args());
      case "describe" -> discovery.describe(one(m, "%describe sales.orders"));
      case "lineage" -> discovery.lineage(one(m, "%lineage sales.daily_revenue [--columns]"), m.args().contains("--columns"));
      case "chart" -> chart(m);
      case "sql" -> sql(Cell.statements(m.body()));
      default -> throw new NotebookException("Unknown magic %" + m.name() + ". The magics are: %products, %describe, %lineage, %chart, %limit, %help");
    };
  }

  private List<Output> limit(Cell.Magic m) {
    if (m.args().isEmpty()) {
      return List.of(Output.text("Tables show at most " + limit + " rows."));
    }
    try {
      int n = Integer.parseInt(m.args().get(0));
      if (n < 1) {
        throw new NumberFormatException();
      }
      limit = n;
    } catch (NumberFormatException e) {
      throw new NotebookException("%limit takes a positive number of rows, e.g. %limit 50; got '" + m.args().get(0) + "'");
    }
    return List.of(Output.text("Tables now show at most " + limit + " rows."));
  }

  private static String one(Cell.Magic m, String example) {
    List<String> ids = m.args().stream().filter(a -> !a.startsWith("--")).toList();
    if (ids.size() != 1) {
      throw new NotebookException("%" + m.name() + " takes one product id, e.g. " + example + "; got " + (ids.isEmpty() ? "none" : String.join(" ", ids)));
    }
    return ids.get(0);
  }

  private List<Output> sql(List<String> statements) {
    if (statements.isEmpty()) {
      return List.of();
    }
    List<Output> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Dataset<Row> df = run(statements, i);
      if (df.columns().length > 0) {
        out.add(Output.table(collect(df, limit, statements, i)));
      }
    }
    return out;
  }

  private List<Output> chart(Cell.Magic m) {
    Charts.Kind kind;
    String kindArg = m.args().isEmpty() ? "" : m.args().get(0).toLowerCase(java.util.Locale.ROOT);
    switch (kindArg) {
      case "bar" -> kind = Charts.Kind.BAR;
      case "line" -> kind = Charts.Kind.LINE;
      default -> throw new NotebookException(
          "%chart needs a kind, bar or line, then the query on the next lines, e.g.\n%chart bar x=nation y=revenue\nSELECT nation, sum(revenue) AS revenue FROM sales.daily_revenue GROUP BY nation");
    }
    List<String> statements = Cell.statements(m.body());
    if (statements.isEmpty()) {
      throw new NotebookException("%chart draws the result of the query below it: write the query on the lines after %chart " + kindArg);
    }
    for (int i = 0; i < statements.size() - 1; i++) {
      run(statements, i);
    }
    ResultTable t = collect(run(statements, statements.size() - 1), CHART_ROWS, statements, statements.size() - 1);
    Charts.Spec spec = Charts.resolve(new Charts.Spec(kind, m.option("x"), m.option("y"), m.option("series"), m.option("title"),
        size(m, "width", 720), size(m, "height", 400)), t);
    byte[] png = Charts.png(spec, t);
    String title = spec.title() != null ? spec.title() : spec.y() + " by " + spec.x() + (spec.series() == null ? "" : " and " + spec.series());
    String text = kindArg + " chart: " + title + " (" + t.rows().size() + " rows" + (t.truncated() ? ", first " + CHART_ROWS : "") + ")";
    return List.of(new Output(text, null, png));
  }

  private static int size(Cell.Magic m, String key, int dflt) {
    String v = m.option(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 100 && n <= 4000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NotebookException("%chart " + key + " must be a number of pixels between 100 and 4000, got '" + v + "'");
  }

  private Dataset<Row> run(List<String> statements, int i) {
    String statement = statements.get(i);
    ReadOnlyGuard.refusal(spark, statement).ifPresent(refused -> {
      throw new NotebookException(
          "Not run: this notebook kernel is read-only, and " + refused + " would change the mesh. "
              + "Products are written by their runs (bin/mesh run <product>), so their quality gates and lineage hold. "
              + "For scratch results, use a temporary view: CREATE TEMPORARY VIEW v AS SELECT ...");
    });
    try {
      return spark.sql(statement);
    } catch (Exception e) {
      throw failed(e, statements, i);
    }
  }

  private ResultTable collect(Dataset<Row> df, int rows, List<String> statements, int i) {
    try {
      return ResultTable.of(df, rows);
    } catch (Exception e) {
      throw failed(e, statements, i);
    }
  }

  /**
   * A failed statement as an analyst's error: Spark's own message (trimmed), or for a table that is not there mesh's
   * (a product not published yet, the close names), and a hint.
   */
  private NotebookException failed(Exception e, List<String> statements, int i) {
    List<ProductId> declared = config.all().stream().map(ProductDescriptor::id).toList();
    Optional<String> unknownTable = MeshErrors.unknownTable(e, declared, CatalogTable.qualifiedNames());
    String message;
    if (unknownTable.isPresent()) {
      message = unknownTable.get();
    } else if (e instanceof AnalysisException ae) {
      message = ae.getSimpleMessage().strip();
    } else {
      message = MeshErrors.rootMessage(e).strip();
    }
    if (message.contains("cancelled") && message.contains("Job")) {
      message = "Interrupted: the query was cancelled.";
    }
    StringBuilder b = new StringBuilder(statements.size() > 1 ? "Statement " + (i + 1) + " of " + statements.size() + " failed: " : "Query failed: ");
    b.append(message);
    if (unknownTable.isPresent() || message.contains("SCHEMA_NOT_FOUND")) {
      List<String> catalog = CatalogTable.qualifiedNames();
      b.append("\nProducts are tables named by id (e.g. sales.orders) and the catalog tables are "
          + String.join(", ", catalog.subList(0, catalog.size() - 1)) + " and " + catalog.get(catalog.size() - 1)
          + ". List the products with %products; a product that never ran has no table yet.");
    }
    return new NotebookException(b.toString(), e);
  }

  /** Cancels the running Spark jobs of this session (Jupyter's interrupt). */
  public void interrupt() {
    spark.sparkContext().cancelAllJobs();
  }

  static final String HELP = """
      mesh notebook kernel: each cell is Spark SQL, or a magic on its first line.

      SQL     select * from sales.daily_revenue where order_date = DATE'1995-06-02'
              Products are tables named by id (<domain>.<name>); the catalog is mesh.products, mesh.runs,
              mesh.quality, mesh.lineage and mesh.alerts. Several statements may be separated by ';'. Read only:
              statements that would change a table are refused; CREATE TEMPORARY VIEW is fine.

      %products [words]          list the products, or those whose id, description, owner, tags or columns match
      %describe <id>             owner, description, schema, SLA rules, freshness, last run and its quality
      %lineage <id> [--columns]  upstream and downstream products, versions read, column lineage
      %chart bar|line [x=col] [y=col] [series=col] [title="..."] [width=720] [height=400]
      <query>                    a PNG chart of the query below (default columns: x, y, series in order)
      %limit [N]                 show at most N rows per table (default 100)
      %help                      this text
      """;
}
