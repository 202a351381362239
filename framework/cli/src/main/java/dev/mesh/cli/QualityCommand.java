package dev.mesh.cli;

import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.render.RuleText;
import dev.mesh.runtime.ContractCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh quality <id> [--last N]}: the quality outcomes of a product's recent runs, from mesh.quality. */
@Command(name = "quality", mixinStandardHelpOptions = true, description = "Show the quality outcomes of a product's recent runs.")
final class QualityCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PRODUCT", description = "A product id, e.g. sales.orders")
  String product;

  @Option(names = "--last", paramLabel = "N", description = "How many recent runs (default ${DEFAULT-VALUE})")
  int last = 3;

  @Override
  public Integer call() {
    if (last < 1) {
      throw dev.mesh.errors.MeshErrors.usage("--last must be at least 1, got " + last + ".");
    }
    try (Mesh mesh = Mesh.open()) {
      ProductDescriptor d = mesh.config().product(product);
      List<CatalogRow> rows = CatalogCommand.queries(mesh).recentQuality(d.id().toString(), last);
      long runs = rows.stream().map(r -> r.string("run_id")).distinct().count();
      if (runs == 0) {
        System.out.println("No quality results for " + d.id() + " yet: run it with bin/mesh run " + d.id());
        return 0;
      }
      Map<String, String> declared = new HashMap<>();
      ContractCheck.notNullRules(d.schema()).forEach(r -> declared.put(r.name(), RuleText.withoutSeverity(r)));
      d.sla().rules().forEach(r -> declared.put(r.name(), RuleText.withoutSeverity(r)));
      List<List<String>> cells = new ArrayList<>();
      for (CatalogRow r : rows) {
        List<String> c = new ArrayList<>();
        for (String column : List.of("recorded_at", "logical_date", "rule", "metric", "value", "threshold", "severity", "status")) {
          c.add(r.isNull(column) ? "" : r.text(column));
        }
        // The rule as declared now, beside its name (a rule renamed or removed since: -).
        c.add(3, declared.getOrDefault(r.string("rule"), "-"));
        cells.add(c);
      }
      System.out.println(d.id() + ": " + runs + " most recent runs");
      TablePrinter.printAligned(
          System.out,
          List.of("recorded at", "date", "rule", "declared as", "metric", "value", "threshold", "severity", "status"),
          cells);
      return 0;
    }
  }
}
