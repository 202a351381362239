package dev.mesh.runner;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.render.Durations;
import dev.mesh.render.Plural;
import dev.mesh.render.TablePrinter;
import dev.mesh.runtime.Maintenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mesh maintain}: each selected product's tables kept to its retention (old versions' files deleted). */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Delete what only versions older than each product's retention need: Delta VACUUM, Iceberg snapshot expiry.",
      "Retention: the product's output.retention, else mesh.storage.retention (30d). The current version of every table "
          + "(clear table, output port, quarantine) stays as its last run published it; versions superseded within the "
          + "retention stay readable. Each product's lease is held meanwhile, so no run of it writes at the same time.",
      "With --all, the catalog tables (mesh.*) too, to mesh.storage.retention but never under a day (runs append to them "
          + "without a lease).",
      "Exit code 0, or 1 when a product could not be maintained (another run held it, the store failed)."
    })
public final class MaintainCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      ProductGraph graph = mesh.graph();
      SortedSet<ProductId> selected = selection.resolve(graph, mesh.config());
      if (selected.isEmpty()) {
        System.out.println(selection.nothingChanged());
        return ExitCode.SUCCESS.code();
      }
      System.out.printf(Locale.ROOT, "mesh maintain: %s%n", Plural.count(selected.size(), "product"));
      Maintenance maintenance = new Maintenance(mesh.context());
      List<List<String>> cells = new ArrayList<>();
      List<Maintenance.Outcome> failed = new ArrayList<>();
      long files = 0;
      String catalogFailure = null;
      int done = 0;
      for (ProductId id : selected) {
        ProductDescriptor product = mesh.config().product(id.toString());
        long started = System.nanoTime();
        Maintenance.Outcome o = maintenance.maintain(product);
        // A line as each product ends: a mesh of many products takes minutes.
        System.out.printf(
            Locale.ROOT, "[%d/%d] %s: %s (%s)%n", ++done, selected.size(), id,
            o.ok() ? Plural.count(o.filesDeleted(), "file") + " deleted" : o.status(),
            Durations.elapsed(java.time.Duration.ofNanos(System.nanoTime() - started)));
        files += o.filesDeleted();
        String tables = o.tables().isEmpty() ? "(no table yet)" : String.join(", ", o.tables().stream().map(t -> t.role() + " " + t.filesDeleted()).toList());
        cells.add(List.of(id.toString(), product.output().format().label(), Durations.declared(o.retention()), o.status(), tables));
        if (!o.ok()) {
          failed.add(o);
        }
      }
      if (selection.all) {
        // The whole mesh: the catalog tables too, to the platform's retention (compactions leave their old files).
        java.time.Duration retention = mesh.config().platform().retention();
        String kept = Durations.declared(CatalogStore.retentionFor(retention));
        String format = mesh.config().platform().catalogTables().label();
        try {
          Map<CatalogTable, Long> expired = mesh.context().catalog().expire(retention);
          for (Map.Entry<CatalogTable, Long> e : expired.entrySet()) {
            files += e.getValue();
            cells.add(List.of(e.getKey().qualifiedName(), format, kept, "done", "catalog " + e.getValue()));
          }
        } catch (RuntimeException e) {
          cells.add(List.of("mesh.*", format, kept, "failed", ""));
          catalogFailure = "the catalog tables: " + MeshErrors.rootMessage(e);
        }
      }
      System.out.println();
      TablePrinter.printAligned(System.out, List.of("product", "format", "retention", "status", "files deleted"), cells);
      System.out.println();
      for (Maintenance.Outcome o : failed) {
        System.out.println(o.product() + ": " + o.error());
      }
      if (catalogFailure != null) {
        System.out.println(catalogFailure);
      }
      System.out.printf(
          Locale.ROOT, "%d of %d products maintained; %s deleted.%n",
          selected.size() - failed.size(), selected.size(), Plural.count(files, "file"));
      return failed.isEmpty() && catalogFailure == null ? ExitCode.SUCCESS.code() : ExitCode.RUN_FAILED.code();
    }
  }
}
