package dev.mesh.cli;

import dev.mesh.runner.ExecutionOptions;
import dev.mesh.runner.Execution;
import dev.mesh.runner.RunCommand;
import dev.mesh.core.Mesh;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.config.PlatformConfig;
import dev.mesh.runner.ExitCode;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.PiiKey;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import dev.mesh.render.Plural;
import dev.mesh.runtime.FileLeases;
import dev.mesh.storage.localfs.LocalTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh demo}: a fresh warehouse, then every product for N consecutive logical dates. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole mesh on a fresh warehouse for N consecutive logical dates, then print a summary.")
final class DemoCommand implements Callable<Integer> {
  /**
   * What mesh creates at a local warehouse's top (tables, lineage events, the PII key, the runs' lease files); a
   * warehouse holding anything else is not wiped.
   */
  private static final Set<String> MESH_LAYOUT =
      Set.of("delta", "iceberg", "spark-warehouse", "lineage", PiiKey.WAREHOUSE_DIRECTORY, Path.of(FileLeases.DIRECTORY).getName(0).toString());

  @Option(names = "--scale", paramLabel = "SF", description = "TPC-H scale factor of the sources (default: mesh.sources.tpch.scale = 0.01)")
  Double scale;

  @Option(names = "--days", paramLabel = "N", description = "Number of consecutive logical dates (default ${DEFAULT-VALUE})")
  int days = 3;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First logical date (default ${DEFAULT-VALUE}, inside TPC-H's order dates)")
  String start = "1995-06-01";

  @Option(names = "--keep", description = "Keep the existing warehouse instead of starting fresh")
  boolean keep;

  @CommandLine.Mixin ExecutionOptions execution = new ExecutionOptions();

  @Override
  public Integer call() {
    if (days < 1) {
      throw MeshErrors.usage("--days must be at least 1, got " + days);
    }
    if (scale != null) {
      if (scale <= 0) {
        throw MeshErrors.usage("--scale must be positive, got " + scale);
      }
      System.setProperty("mesh.sources.tpch.scale", String.valueOf(scale));
    }
    LocalDate first = RunCommand.parse("--start", start);
    if (!keep) {
      PlatformConfig platform = MeshConfigLoader.forProcess().loadPlatformOnly();
      if (sharedCatalog(platform)) {
        // Tables registered in a catalog service belong to whoever shares it: a demo never drops them. Rerunning a
        // date is idempotent, so the demo simply runs its dates over what is there.
        System.out.println("mesh demo: the catalog is a shared service (" + describe(platform) + "): its tables are kept"
            + " and the demo's dates are run over them (rerunning a date changes no row count).");
      } else {
        wipe(platform.warehouse());
      }
    }
    long began = System.nanoTime();
    try (Mesh mesh = Mesh.open()) {
      ProductGraph graph = mesh.graph();
      SortedSet<ProductId> all = new TreeSet<>(graph.ids());
      List<LocalDate> dates = new ArrayList<>();
      for (int i = 0; i < days; i++) {
        dates.add(first.plusDays(i));
      }
      System.out.printf(
          Locale.ROOT, "mesh demo: %s x %s (%s), TPC-H scale %s, warehouse %s%n",
          Plural.count(all.size(), "product"), Plural.count(days, "date"),
          days == 1 ? dates.get(0) : dates.get(0) + " .. " + dates.get(dates.size() - 1),
          mesh.config().platform().sources().getOrDefault("tpch", java.util.Map.of()).getOrDefault("scale", "?"),
          mesh.config().platform().warehouse());
      int par = execution.parallelism(mesh);
      ExitCode code =
          Execution.run(
              mesh, graph, all, dates, par, execution.forcedFailures(graph), false, System.out, System.err);
      System.out.printf(Locale.ROOT, "Demo finished in %.0fs.%n", (System.nanoTime() - began) / 1e9);
      printNextSteps(all);
      return code.code();
    }
  }

  private static void printNextSteps(SortedSet<ProductId> products) {
    String example = products.isEmpty() ? "sales.orders" : products.last().toString();
    System.out.println();
    System.out.println("Where to look next:");
    System.out.println("  bin/mesh sql \"select product, logical_date, status, rows_written from mesh.runs order by started_at\"");
    System.out.println("  bin/mesh sql \"select * from " + example + " limit 10\"");
    System.out.println("  bin/mesh plan --all");
    System.out.println("  notebooks/  (Jupyter notebooks over the same warehouse)");
  }

  /** Whether products are registered in a catalog service (Iceberg REST/JDBC/Hive catalog, Hive metastore). */
  static boolean sharedCatalog(PlatformConfig platform) {
    return platform.catalogTablesInService()
        || "hive".equals(platform.metastore())
        || (platform.iceberg() != null && !"hadoop".equals(platform.iceberg().type()));
  }

  private static String describe(PlatformConfig platform) {
    List<String> parts = new ArrayList<>();
    if (platform.iceberg() != null && !"hadoop".equals(platform.iceberg().type())) {
      parts.add("Iceberg " + platform.iceberg().type() + " catalog " + platform.iceberg().uri());
    }
    if ("hive".equals(platform.metastore())) {
      parts.add("Hive metastore " + platform.sparkConf().getOrDefault("spark.hadoop.hive.metastore.uris", "(Spark's default)"));
    }
    return String.join(", ", parts);
  }

  /** Deletes a local warehouse that holds only what mesh creates; refuses otherwise, so nothing else is lost. */
  static void wipe(String warehouse) {
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !warehouse.startsWith("file:")) {
      throw MeshErrors.usage("mesh demo only starts fresh on a local warehouse; " + warehouse + " is remote. Use --keep.");
    }
    Path root = Path.of(warehouse.replaceFirst("^file:", ""));
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> top = Files.list(root)) {
      List<String> foreign =
          top.map(p -> p.getFileName().toString()).filter(n -> !MESH_LAYOUT.contains(n)).sorted().toList();
      if (!foreign.isEmpty()) {
        throw MeshErrors.usage(
            "Not wiping " + root + ": it holds files mesh did not create (" + String.join(", ", foreign)
                + "). Point MESH_WAREHOUSE elsewhere, or use --keep.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Not from under a run on it (another terminal's bin/mesh run): its tables would go while it writes them.
    List<String> running = FileLeases.under(root.toString()).map(FileLeases::heldNow).orElse(List.of());
    if (!running.isEmpty()) {
      throw MeshErrors.usage(
          "Not wiping " + root + ": runs on it are in progress (" + String.join("; ", running)
              + "). Wait for them to end, point MESH_WAREHOUSE elsewhere, or use --keep.");
    }
    try {
      LocalTrees.delete(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot wipe the warehouse " + root, e);
    }
  }
}
