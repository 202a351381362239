package dev.mesh.cli;

import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.Holds;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductId;
import dev.mesh.runner.RunCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mesh logs <run-id | product> [--date D]}: a run's outcome from {@code mesh.runs} and its log, found through
 * {@code mesh.runs.log}. A product id names its latest run (of a logical date with {@code --date}). The runs are read
 * as the other metadata commands read them ({@link dev.mesh.catalog.CatalogReader}: no Spark session for the embedded
 * default or an Iceberg catalog service), so the command an alert points to answers in a few seconds.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print a run's outcome (mesh.runs) and its log.",
      "The log is the file mesh.runs.log names (logs/runs/<run-id>.log under the project, written by bin/mesh), else the "
          + "lines of logs/mesh.log that carry the run id.",
      "Run ids are in mesh status, mesh quality, alerts and SELECT run_id FROM mesh.runs; a unique prefix is enough. "
          + "A product id prints its latest run (mesh logs sales.orders --date 1995-06-01: its latest run of that date)."
    })
final class LogsCommand implements Callable<Integer> {
  private static final List<String> COLUMNS =
      List.of("run_id", "product", "logical_date", "status", "started_at", "ended_at", "error", "log", "reason");

  @Parameters(
      paramLabel = "RUN",
      description = "The run's id or a unique prefix of it (at least 8 characters), or a product id for its latest run")
  String run;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "With a product id: its latest run of this logical date")
  String date;

  @Override
  public Integer call() {
    // Run ids are UUIDs; a product id is <domain>.<name>, so a dot tells the two apart.
    boolean product = run.contains(".");
    if (!product && date != null) {
      throw MeshErrors.usage("--date goes with a product id (mesh logs sales.orders --date 1995-06-01), not with a run id.");
    }
    if (!product && run.length() < 8) {
      throw MeshErrors.usage("A run id prefix needs at least 8 characters, got '" + run + "'.");
    }
    LocalDate day = date == null ? null : RunCommand.parse("--date", date);
    try (Mesh mesh = Mesh.open()) {
      CatalogRow r = product ? latestRun(mesh, run, day) : runById(mesh, run);
      String id = r.string("run_id");
      System.out.println("run      " + id);
      boolean hold = Holds.isHoldOrRelease(r.string("status"));
      System.out.println("product  " + r.string("product") + (r.isNull("logical_date") ? "" : " for " + r.text("logical_date")));
      System.out.println("status   " + r.string("status") + (hold ? " at " + r.text("started_at")
          : " (" + r.text("started_at") + " .. " + r.text("ended_at") + ")"));
      if (!r.isNull("error")) {
        System.out.println("error    " + r.string("error"));
      }
      if (!r.isNull("reason")) {
        System.out.println("reason   " + r.string("reason"));
      }
      if (hold) {
        // Not a run: nothing ran, nothing logged (mesh hold, mesh release).
        System.out.println("(a " + (Holds.HELD.equals(r.string("status")) ? "hold" : "release") + " is not a run: it has no log)");
        return 0;
      }
      Path home = mesh.config().platform().home();
      Path log = r.isNull("log") ? home.resolve("logs/runs/" + id + ".log") : Path.of(r.string("log"));
      System.out.println("log      " + log);
      System.out.println();
      if (Files.isRegularFile(log)) {
        print(log, null);
        return 0;
      }
      Path shared = home.resolve("logs/mesh.log");
      if (Files.isRegularFile(shared)) {
        System.out.println("(no file " + log + "; the lines of " + shared + " that carry the run id:)");
        print(shared, id);
      } else {
        System.out.println(
            "(no log file: the run logged nothing, or ran elsewhere — a job jar's run logs where its Spark driver ran)");
      }
      return 0;
    }
  }

  private static CatalogRow runById(Mesh mesh, String prefix) {
    List<CatalogRow> found =
        mesh.catalogReader().read(CatalogTable.RUNS, COLUMNS, r -> r.string("run_id") != null && r.string("run_id").startsWith(prefix));
    if (found.isEmpty()) {
      throw MeshErrors.usage(
          "No run " + prefix + " in mesh.runs. Recent runs: mesh status, or SELECT run_id, product, status FROM mesh.runs "
              + "ORDER BY ended_at DESC; a product's latest run: mesh logs <product>.");
    }
    if (found.size() > 1) {
      throw MeshErrors.usage(
          "Run id prefix " + prefix + " is not unique: "
              + String.join(", ", found.stream().limit(3).map(r -> r.string("run_id")).toList()) + (found.size() > 3 ? ", ..." : "") + ".");
    }
    return found.get(0);
  }

  /**
   * The product's run that started last (of {@code day} when given; a hold or its release is not a run); a product
   * neither declared nor recorded is an unknown id.
   */
  private static CatalogRow latestRun(Mesh mesh, String product, LocalDate day) {
    List<CatalogRow> runs =
        mesh.catalogReader().read(CatalogTable.RUNS, COLUMNS,
            r -> product.equals(r.string("product")) && !Holds.isHoldOrRelease(r.string("status"))); // not runs
    if (runs.isEmpty()) {
      // Names a product no conf declares (the usual "Did you mean" error), or one declared that never ran.
      ProductId id = mesh.config().product(product).id();
      throw MeshErrors.usage("No run of " + id + " in mesh.runs yet: run it with bin/mesh run " + id + " --date <YYYY-MM-DD>.");
    }
    return runs.stream()
        .filter(r -> day == null || day.equals(r.date("logical_date")))
        .max(Comparator.comparing((CatalogRow r) -> r.instant("started_at"), Comparator.nullsFirst(Comparator.<Instant>naturalOrder())))
        .orElseThrow(() -> {
          List<String> dates = runs.stream().map(r -> r.text("logical_date")).distinct().sorted(Comparator.reverseOrder()).toList();
          return MeshErrors.usage(
              "No run of " + product + " for " + day + " in mesh.runs; its logical dates: "
                  + String.join(", ", dates.subList(0, Math.min(5, dates.size()))) + (dates.size() > 5 ? ", ..." : "") + ".");
        });
  }

  private static void print(Path file, String containing) {
    try (Stream<String> lines = Files.lines(file)) {
      lines.filter(l -> containing == null || l.contains(containing)).forEach(System.out::println);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
