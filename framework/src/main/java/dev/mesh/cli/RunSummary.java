package dev.mesh.cli;

import dev.mesh.runtime.RunResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed at the end of a run: one line per product and date. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintStream out, List<RunResult> results, boolean timings) {
    List<List<String>> rows = new ArrayList<>();
    for (RunResult r : results) {
      List<String> row = new ArrayList<>(List.of(
          r.product().toString(),
          String.valueOf(r.logicalDate()),
          r.status().label(),
          String.valueOf(r.rowsWritten()),
          String.format(Locale.ROOT, "%.1fs", r.duration().toMillis() / 1000.0),
          r.tableVersion() == null ? "" : String.valueOf(r.tableVersion()),
          r.quality() == null || r.quality().outcomes().isEmpty() ? "" : r.quality().summary()));
      if (timings) {
        row.add(timings(r.timingsMs()));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("product", "date", "status", "rows", "duration", "version", "quality"));
    if (timings) {
      header.add("stage timings (ms)");
    }
    out.println();
    TablePrinter.printAligned(out, header, rows);
    long ok = results.stream().filter(RunResult::succeeded).count();
    out.printf(Locale.ROOT, "%n%d of %d runs succeeded.%n", ok, results.size());
  }

  static String timings(Map<String, Long> t) {
    StringBuilder b = new StringBuilder();
    for (String stage : List.of("plan", "read", "transform", "contract", "quality", "count", "write", "record")) {
      if (t.containsKey(stage)) {
        b.append(b.length() == 0 ? "" : " ").append(stage).append('=').append(t.get(stage));
      }
    }
    return b.toString();
  }
}
