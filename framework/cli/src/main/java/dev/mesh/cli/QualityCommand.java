package dev.mesh.cli;

import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.render.RuleText;
import dev.mesh.runtime.ContractCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh quality <id> [--last N]}: the quality outcomes of a product's recent runs, from mesh.quality. */
@Command(name = "quality", mixinStandardHelpOptions = true, description = "Show the quality outcomes of a product's recent runs.")
final class QualityCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PRODUCT")
  String product;

  @Option(names = "--last", description = "How many recent runs (default ${DEFAULT-VALUE})")
  int last = 3;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      ProductDescriptor d = mesh.config().product(product);
      Dataset<Row> quality = mesh.context().catalog().read(CatalogTable.QUALITY)
          .where(functions.col("product").equalTo(d.id().toString()));
      List<String> runs = quality.groupBy("run_id").agg(functions.max("recorded_at").as("at"))
          .orderBy(functions.col("at").desc()).limit(last).collectAsList().stream().map(r -> r.getString(0)).toList();
      if (runs.isEmpty()) {
        System.out.println("No quality results for " + d.id() + " yet: run it with bin/mesh run " + d.id());
        return 0;
      }
      List<Row> rows = quality.where(functions.col("run_id").isin(runs.toArray()))
          .orderBy(functions.col("recorded_at").desc(), functions.col("rule"))
          .select("recorded_at", "logical_date", "rule", "metric", "value", "threshold", "severity", "status")
          .collectAsList();
      Map<String, String> declared = new HashMap<>();
      ContractCheck.notNullRules(d.schema()).forEach(r -> declared.put(r.name(), RuleText.withoutSeverity(r)));
      d.sla().rules().forEach(r -> declared.put(r.name(), RuleText.withoutSeverity(r)));
      List<List<String>> cells = new ArrayList<>();
      for (Row r : rows) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
          c.add(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
        }
        // The rule as declared now, beside its name (a rule renamed or removed since: -).
        c.add(3, declared.getOrDefault(r.getString(2), "-"));
        cells.add(c);
      }
      System.out.println(d.id() + ": " + runs.size() + " most recent runs");
      TablePrinter.printAligned(
          System.out,
          List.of("recorded at", "date", "rule", "declared as", "metric", "value", "threshold", "severity", "status"),
          cells);
      return 0;
    }
  }
}
