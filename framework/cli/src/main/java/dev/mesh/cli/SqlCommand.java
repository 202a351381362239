package dev.mesh.cli;

import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.runner.ExitCode;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.spark.ReadOnlyGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh sql "<query>"}: Spark SQL with every product ({@code sales.orders}) and catalog table by name. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run Spark SQL, read-only: products are tables named by id (sales.orders), catalog tables are mesh.*.",
      "Statements that would change a table, a view or the catalog (INSERT, MERGE, UPDATE, DELETE, TRUNCATE, "
          + "CREATE/DROP/ALTER TABLE or VIEW, ...) are refused: products change only through their runs, which check "
          + "the contract and quality and record the run. Temporary views are fine."
    })
final class SqlCommand implements Callable<Integer> {
  enum Format { table, csv, json }

  @Parameters(paramLabel = "QUERY", description = "The query, e.g. \"select * from mesh.runs\"")
  String query;

  @Option(names = "--format", paramLabel = "table|csv|json", description = "table (default), csv or json")
  Format format = Format.table;

  @Option(names = "--limit", paramLabel = "ROWS", description = "At most this many rows (default ${DEFAULT-VALUE})")
  int limit = 1000;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description = {
        "Read as this domain (default: MESH_DOMAIN, else no domain): its own products in clear, other domains' output "
            + "ports. Without a domain, only public ports. On a shared deployment the catalog's grants back it (mesh access plan)."
      })
  String domain;

  @Option(
      names = "--allow-writes",
      description = "Run a statement that changes tables (platform maintenance only: bypasses contract, quality gate and run record)")
  boolean allowWrites;

  @Override
  public Integer call() throws Exception {
    try (Mesh mesh = Mesh.open().readingAs(domain)) {
      Dataset<Row> df;
      if (!allowWrites) {
        ReadOnlyGuard.refusal(mesh.spark(), query).ifPresent(refused -> {
          throw new MeshException(
              dev.mesh.errors.ErrorKind.INVALID,
              "Not run: mesh sql is read-only, and " + refused + " would change the mesh without its contract check,"
                  + " quality gate and run record. Products change through their runs: bin/mesh run <product> --date D."
                  + " (Platform maintenance: --allow-writes.)");
        });
      }
      try {
        df = mesh.context().spark().sql(query);
      } catch (Exception e) {
        if (e instanceof SecurityException refused) {
          throw new MeshException(dev.mesh.errors.ErrorKind.INVALID, "Not readable: " + refused.getMessage());
        }
        // Scala declares no checked exceptions: AnalysisException (and its ParseException) arrive undeclared.
        if (!(e instanceof AnalysisException ae)) {
          throw e;
        }
        List<ProductId> declared = mesh.config().all().stream().map(ProductDescriptor::id).toList();
        throw new MeshException(
            dev.mesh.errors.ErrorKind.INVALID,
            "Query failed: " + MeshErrors.unknownTable(ae, declared, CatalogTable.qualifiedNames()).orElse(ae.getSimpleMessage())
                + "\nProducts are tables named by id (e.g. sales.orders); list them with: mesh sql \"select id, owner_team from mesh.products\"");
      }
      List<Row> rows = df.limit(limit + 1).collectAsList();
      boolean truncated = rows.size() > limit;
      if (truncated) {
        rows = rows.subList(0, limit);
      }
      List<String> header = List.of(df.columns());
      List<List<String>> cells = new ArrayList<>();
      for (Row r : rows) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
          c.add(r.isNullAt(i) ? null : String.valueOf(r.get(i)));
        }
        cells.add(c);
      }
      switch (format) {
        case table -> {
          TablePrinter.printAligned(System.out, header, cells);
          System.out.println("(" + rows.size() + (rows.size() == 1 ? " row" : " rows") + (truncated ? ", limited by --limit " + limit : "") + ")");
        }
        case csv -> TablePrinter.printCsv(System.out, header, cells);
        case json -> System.out.println(json(df, rows));
      }
      if (truncated && format != Format.table) {
        System.err.println("mesh: output limited to " + limit + " rows (--limit)");
      }
      return 0;
    }
  }

  private static String json(Dataset<Row> df, List<Row> rows) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode arr = mapper.createArrayNode();
    for (Row r : rows) {
      ObjectNode o = arr.addObject();
      for (int i = 0; i < df.columns().length; i++) {
        Object v = r.isNullAt(i) ? null : r.get(i);
        if (v == null) {
          o.putNull(df.columns()[i]);
        } else if (v instanceof Number n && !(v instanceof java.math.BigDecimal)) {
          o.put(df.columns()[i], n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double || v instanceof Float) ? mapper.getNodeFactory().numberNode(n.longValue()) : mapper.getNodeFactory().numberNode(n.doubleValue()));
        } else if (v instanceof java.math.BigDecimal bd) {
          o.put(df.columns()[i], bd);
        } else if (v instanceof Boolean b) {
          o.put(df.columns()[i], b);
        } else {
          o.put(df.columns()[i], String.valueOf(v));
        }
      }
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(arr);
  }
}
