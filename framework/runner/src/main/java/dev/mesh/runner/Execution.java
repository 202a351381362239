package dev.mesh.runner;

import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.Cancellation;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Runs a selection for `mesh run`, `mesh demo` and the job jar alike: live progress, the summary, each failure, the
 * exit code; a stop request to the process cancels the runs ({@link StopOnSignal}).
 */
public final class Execution {
  /** How old the holds read may be when a run starts: a hold recorded during a backfill stops it within this. */
  static final java.time.Duration HOLDS_REREAD = java.time.Duration.ofSeconds(30);

  private Execution() {}

  public static ExitCode run(
      Mesh mesh,
      ProductGraph graph,
      Set<ProductId> selected,
      List<LocalDate> dates,
      int parallelism,
      Set<ProductId> forcedFailures,
      boolean timings,
      PrintStream out,
      PrintStream err) {
    Cancellation cancellation = new Cancellation();
    try (StopOnSignal stop = StopOnSignal.install(cancellation, err)) {
      return runAndReport(mesh.context(), graph, selected, dates, parallelism, forcedFailures, timings, out, err, cancellation);
    }
  }

  private static ExitCode runAndReport(
      dev.mesh.runtime.MeshContext context, ProductGraph graph, Set<ProductId> selected, List<LocalDate> dates,
      int parallelism, Set<ProductId> forcedFailures, boolean timings, PrintStream out, PrintStream err,
      Cancellation cancellation) {
    List<RunResult> results;
    try (ProgressPrinter progress = new ProgressPrinter(out)) {
      // The holds in force (mesh hold), read before any run and again at most every HOLDS_REREAD as runs start: a held
      // product is passed by, its readers run.
      java.util.function.Supplier<java.util.Map<ProductId, dev.mesh.catalog.Holds.Hold>> held;
      try {
        held = new dev.mesh.runtime.ProductHolds(context).live(selected, HOLDS_REREAD);
      } catch (RuntimeException e) {
        // Running a held product is what a hold is for preventing; a catalog that cannot be read could not record the
        // runs either.
        throw new dev.mesh.errors.MeshException(dev.mesh.errors.ErrorKind.FAILED,
            "Nothing was run: the holds in mesh.runs (mesh hold) could not be read: "
                + dev.mesh.errors.MeshErrors.rootMessage(e), e);
      }
      results =
          new MeshRunner(context, parallelism, cancellation).failing(forcedFailures).holding(held)
              .run(graph, selected, dates, progress);
    }
    RunSummary.print(out, results, timings, cancellation.reason().isPresent());
    // Warnings do not change the exit code; each distinct one is said once, with the runs it concerns.
    java.util.Map<String, java.util.List<String>> warned = new java.util.LinkedHashMap<>();
    for (RunResult r : results) {
      for (String w : r.warnings()) {
        warned.computeIfAbsent(r.product() + ": " + w, k -> new java.util.ArrayList<>()).add(r.logicalDate().toString());
      }
    }
    if (!warned.isEmpty()) {
      out.println();
      warned.forEach((w, on) -> out.println("warning: " + w + " (" + String.join(", ", on) + ")"));
    }
    for (RunResult r : results) {
      // Skipped and held runs are explained in the summary's note; failures get their whole message here.
      if (!r.succeeded() && r.error() != null && r.status() != RunStatus.SKIPPED && r.status() != RunStatus.HELD) {
        err.println();
        err.println(r.product() + " " + r.logicalDate() + ": " + r.error());
      }
    }
    return RunSummary.exitCode(results);
  }
}
