package dev.mesh.cli;

import dev.mesh.model.ProductId;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Locale;

/** Live progress of a mesh run: one line when a product starts and one when it ends, with done/total and time. */
final class ProgressPrinter implements MeshRunner.Listener {
  private final PrintStream out;
  private final long start = System.nanoTime();

  ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void started(ProductId product, LocalDate date, int done, int total) {
    out.printf(Locale.ROOT, "[%s] %d/%d  running   %s  %s%n", elapsed(), done, total, product, date);
  }

  @Override
  public synchronized void finished(RunResult r, int done, int total) {
    out.printf(
        Locale.ROOT,
        "[%s] %d/%d  %-9s %s  %s  (%d rows, %.1fs)%s%n",
        elapsed(), done, total, r.status().label(), r.product(), r.logicalDate(), r.rowsWritten(),
        r.duration().toMillis() / 1000.0, r.quality() != null && !r.quality().outcomes().isEmpty() ? "  quality: " + r.quality().summary() : "");
  }

  private String elapsed() {
    long s = (System.nanoTime() - start) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
