package dev.mesh.runner;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.render.Plural;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh run <selection> [--date D | --from D1 --to D2]}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run products in dependency order: plan, read, transform, check, publish, record.",
      "Selection: <id> | <id>+ (and downstream) | +<id> (and upstream) | --domain <d> | --all | --changed-since <git-ref>"
    })
public final class RunCommand implements Callable<Integer> {
  @CommandLine.Mixin SelectionOptions selection = new SelectionOptions();

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The logical date (default: today, UTC)")
  String date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Backfill: first logical date")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Backfill: last logical date (inclusive)")
  String to;

  @CommandLine.Mixin ExecutionOptions execution = new ExecutionOptions();

  @Option(names = "--timings", description = "Print each run's stage timings")
  boolean timings;

  @Override
  public Integer call() {
    List<LocalDate> dates = dates(date, from, to);
    try (Mesh mesh = Mesh.open()) {
      ProductGraph graph = mesh.graph();
      SortedSet<ProductId> selected = selection.resolve(graph, mesh.config());
      if (selected.isEmpty()) {
        System.out.println(selection.nothingChanged());
        return ExitCode.SUCCESS.code();
      }
      int par = execution.parallelism(mesh);
      System.out.printf(
          Locale.ROOT, "mesh run: %s x %s (%s), up to %d at once%n", Plural.count(selected.size(), "product"), Plural.count(dates.size(), "date"),
          dates.size() == 1 ? dates.get(0) + (date == null && from == null ? ", today in UTC: no --date given" : "")
              : dates.get(0) + " .. " + dates.get(dates.size() - 1),
          par);
      ExitCode code =
          Execution.run(mesh, graph, selected, dates, par, execution.forcedFailures(graph), timings, System.out, System.err);
      return code.code();
    }
  }

  public static List<LocalDate> dates(String date, String from, String to) {
    if (date != null && (from != null || to != null)) {
      throw MeshErrors.usage("Use either --date or --from/--to, not both.");
    }
    if ((from == null) != (to == null)) {
      throw MeshErrors.usage("A backfill needs both --from and --to.");
    }
    if (from != null) {
      LocalDate start = parse("--from", from);
      LocalDate end = parse("--to", to);
      if (end.isBefore(start)) {
        throw MeshErrors.usage("--to " + to + " is before --from " + from + ".");
      }
      List<LocalDate> out = new ArrayList<>();
      for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
        out.add(d);
      }
      return out;
    }
    return List.of(date != null ? parse("--date", date) : LocalDate.now(ZoneOffset.UTC));
  }

  public static LocalDate parse(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw MeshErrors.usage(option + " '" + value + "' is not a date: use YYYY-MM-DD, e.g. 2024-03-01.");
    }
  }
}
