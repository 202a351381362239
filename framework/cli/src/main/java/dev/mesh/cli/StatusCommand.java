package dev.mesh.cli;

import dev.mesh.alert.Alert;
import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.alert.Alerting;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.graph.Selection;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.render.Durations;
import dev.mesh.runtime.Freshness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mesh status [selection]}: per product (every one, or those selected as {@code mesh run} selects), the latest
 * outcome (whatever it was: a skipped or blocked run is not hidden behind an older success), freshness against its
 * SLA, the last quality status; then the open alerts of those products.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each product's latest run outcome, its freshness against the SLA, its last quality status, and the open alerts.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SELECTION", arity = "0..*",
      description = "Only these products (default: all), e.g. sales.orders or +sales.revenue")
  List<String> terms = new ArrayList<>();

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only the products of this domain (repeatable)")
  List<String> domains = new ArrayList<>();

  /**
   * The alerts open now (mesh.alerts): what an owner has been told and not yet heard resolved; with a selection, only
   * those of the products {@code shown} (null: every alert).
   */
  private static void printOpenAlerts(Mesh mesh, Set<String> shown) {
    Map<String, List<String>> tags = new HashMap<>();
    mesh.config().all().forEach(d -> tags.put(d.id().toString(), d.tags()));
    List<Alert> open = new ArrayList<>(Alerting.openAlerts(mesh.catalogReader(), tags));
    if (shown != null) {
      open.removeIf(a -> a.product() == null || !shown.contains(a.product()));
    }
    System.out.println();
    if (open.isEmpty()) {
      System.out.println("No open alerts.");
      return;
    }
    open.sort(java.util.Comparator.comparing(Alert::severity).thenComparing(Alert::product).thenComparing(Alert::kind));
    System.out.println(open.size() + (open.size() == 1 ? " open alert" : " open alerts") + " (history: SELECT * FROM mesh.alerts):");
    List<List<String>> cells = new ArrayList<>();
    for (Alert a : open) {
      cells.add(List.of(
          a.severity(), a.kind(), a.product(), a.logicalDate() == null ? "" : a.logicalDate().toString(),
          a.summary().length() > 100 ? a.summary().substring(0, 99) + "…" : a.summary(), a.command() == null ? "" : a.command()));
    }
    TablePrinter.printAligned(System.out, List.of("severity", "kind", "product", "date", "what", "look"), cells);
  }

  /**
   * The last run's quality; after a rollback (which checks nothing), that of the run whose rows it made current again,
   * the rows readers read.
   */
  private static String quality(CatalogQueries.RunSummary summary) {
    CatalogRow row = summary == null ? null
        : dev.mesh.catalog.Publications.ROLLED_BACK.equals(summary.last().string("status")) ? summary.lastSuccess() : summary.last();
    return row == null || row.isNull("quality_summary") ? "" : row.string("quality_summary");
  }

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      // No selection: every product, as always; a selection follows mesh run's rules (an unknown id is an error).
      boolean everything = terms.isEmpty() && domains.isEmpty();
      Set<ProductId> selected = everything ? Set.of() : Selection.resolve(mesh.graph(), terms, domains, false);
      Map<String, CatalogQueries.RunSummary> runs = CatalogCommand.queries(mesh).runSummaries();
      Instant now = Instant.now();
      List<List<String>> cells = new ArrayList<>();
      Set<String> shown = new TreeSet<>();
      for (ProductDescriptor d : mesh.config().all()) {
        if (!everything && !selected.contains(d.id())) {
          continue;
        }
        shown.add(d.id().toString());
        CatalogQueries.RunSummary summary = runs.get(d.id().toString());
        CatalogRow last = summary == null ? null : summary.last();
        Instant lastSuccess = summary == null || summary.lastSuccess() == null ? null : summary.lastSuccess().instant("ended_at");
        Freshness.Status fresh = Freshness.of(d.sla().freshness().maxAge(), lastSuccess, now);
        cells.add(List.of(
            d.id().toString(),
            d.owner() == null ? "" : d.owner().team(),
            last == null ? "" : String.valueOf(last.text("ended_at")),
            last == null ? "" : String.valueOf(last.text("logical_date")),
            summary == null ? "never run" : summary.status(),
            fresh.label() + (d.sla().freshness().maxAge() == null ? "" : " (max " + Durations.declared(d.sla().freshness().maxAge()) + ")"),
            quality(summary),
            summary == null || summary.lastWarnings() <= 0 ? "" : String.valueOf(summary.lastWarnings())));
      }
      TablePrinter.printAligned(
          System.out, List.of("product", "owner", "last run (ended)", "date", "status", "freshness", "last quality", "warnings"), cells);
      printOpenAlerts(mesh, everything ? null : shown);
      return 0;
    }
  }
}
