package dev.mesh.runner;

import dev.mesh.render.TablePrinter;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed at the end of a run: one line per product and date. */
public final class RunSummary {
  private RunSummary() {}

  /** The table and its last line; {@code stopped}: the process was asked to stop, so it exits with 128 + the signal. */
  public static void print(PrintStream out, List<RunResult> results, boolean timings, boolean stopped) {
    List<List<String>> rows = new ArrayList<>();
    for (RunResult r : results) {
      List<String> row = new ArrayList<>(List.of(
          r.product().toString(),
          String.valueOf(r.logicalDate()),
          r.status().label(),
          String.valueOf(r.rowsWritten()),
          String.format(Locale.ROOT, "%.1fs", r.duration().toMillis() / 1000.0),
          r.tableVersion() == null ? "" : String.valueOf(r.tableVersion()),
          r.quality() == null || r.quality().outcomes().isEmpty() ? "" : r.quality().summary(),
          note(r)));
      if (timings) {
        row.add(timings(r.timingsMs()));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("product", "date", "status", "rows", "duration", "version", "quality", "note"));
    if (timings) {
      header.add("stage timings (ms)");
    }
    out.println();
    TablePrinter.printAligned(out, header, rows);
    // A held product's passed-by run is no run (nothing ran, nothing was recorded): counted apart.
    Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
    results.stream().filter(r -> r.status() != RunStatus.HELD).forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    int held = (int) results.stream().filter(r -> r.status() == RunStatus.HELD).count();
    int runs = results.size() - held;
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + status.label()));
    String heldPart = held + " held, not run (mesh release lets " + (held == 1 ? "it" : "them") + " run)";
    String ran =
        runs == 0 && held > 0
            ? "Nothing ran: " + heldPart
            : String.format(Locale.ROOT, "%d of %d runs succeeded%s%s", counts.getOrDefault(RunStatus.SUCCEEDED, 0), runs,
                parts.size() > 1 || counts.get(RunStatus.SUCCEEDED) == null ? " (" + String.join(", ", parts) + ")" : "",
                held == 0 ? "" : "; " + heldPart);
    ExitCode code = exitCode(results);
    out.printf(
        Locale.ROOT, "%n%s. %s.%n",
        ran,
        stopped
            ? "Stopped: the process exits with 143 (SIGTERM) or 130 (Ctrl-C)"
            : "Exit code " + code.code()
                + (code == ExitCode.SUCCESS ? "" : " (" + code.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
  }

  /** The exit code of a mesh run: the worst of its runs', so anything failed, blocked or skipped is non-zero. */
  public static ExitCode exitCode(List<RunResult> results) {
    ExitCode code = ExitCode.SUCCESS;
    for (RunResult r : results) {
      code = ExitCode.worst(code, ExitCode.of(r.status()));
    }
    return code;
  }

  /** Why a run did not succeed, on one line: the skip reason, or the first line of the error. */
  private static String note(RunResult r) {
    if (r.succeeded() || r.error() == null) {
      return "";
    }
    String first = r.error().lines().findFirst().orElse("");
    return first.startsWith("skipped: ") ? first.substring("skipped: ".length()) : first;
  }

  public static String timings(Map<String, Long> t) {
    StringBuilder b = new StringBuilder();
    for (String stage : List.of("plan", "read", "transform", "contract", "quality", "count", "write", "record")) {
      if (t.containsKey(stage)) {
        b.append(b.length() == 0 ? "" : " ").append(stage).append('=').append(t.get(stage));
      }
    }
    return b.toString();
  }
}
