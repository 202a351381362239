package dev.mesh.cli;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mesh logs <run-id>}: a run's outcome from {@code mesh.runs} and its log, found through {@code mesh.runs.log}. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print a run's outcome (mesh.runs) and its log.",
      "The log is the file mesh.runs.log names (logs/runs/<run-id>.log under the project, written by bin/mesh), else the "
          + "lines of logs/mesh.log that carry the run id.",
      "Run ids are in mesh status, mesh quality, alerts and SELECT run_id FROM mesh.runs; a unique prefix is enough."
    })
final class LogsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "The run's id, or a unique prefix of it (at least 8 characters)")
  String runId;

  @Override
  public Integer call() {
    if (runId.length() < 8) {
      throw MeshErrors.usage("A run id prefix needs at least 8 characters, got '" + runId + "'.");
    }
    try (Mesh mesh = Mesh.open()) {
      var runs = mesh.catalog().read(CatalogTable.RUNS);
      boolean hasLog = List.of(runs.columns()).contains("log");
      List<Row> found =
          runs.where(functions.col("run_id").startsWith(runId))
              .select(
                  functions.col("run_id"), functions.col("product"), functions.col("logical_date"), functions.col("status"),
                  functions.col("started_at"), functions.col("ended_at"), functions.col("error"),
                  hasLog ? functions.col("log") : functions.lit(null).cast("string").as("log"))
              .limit(3)
              .collectAsList();
      if (found.isEmpty()) {
        throw MeshErrors.usage("No run " + runId + " in mesh.runs. Recent runs: mesh status, or SELECT run_id, product, status FROM mesh.runs ORDER BY ended_at DESC.");
      }
      if (found.size() > 1) {
        throw MeshErrors.usage("Run id prefix " + runId + " is not unique: " + String.join(", ", found.stream().map(r -> r.getString(0)).toList()) + ".");
      }
      Row r = found.get(0);
      String id = r.getString(0);
      System.out.println("run      " + id);
      System.out.println("product  " + r.getString(1) + " for " + r.get(2));
      System.out.println("status   " + r.getString(3) + " (" + r.get(4) + " .. " + r.get(5) + ")");
      if (!r.isNullAt(6)) {
        System.out.println("error    " + r.getString(6));
      }
      Path log = r.isNullAt(7) ? mesh.config().platform().home().resolve("logs/runs/" + id + ".log") : Path.of(r.getString(7));
      System.out.println("log      " + log);
      System.out.println();
      if (Files.isRegularFile(log)) {
        print(log, null);
        return 0;
      }
      Path shared = mesh.config().platform().home().resolve("logs/mesh.log");
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

  private static void print(Path file, String containing) {
    try (Stream<String> lines = Files.lines(file)) {
      lines.filter(l -> containing == null || l.contains(containing)).forEach(System.out::println);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
