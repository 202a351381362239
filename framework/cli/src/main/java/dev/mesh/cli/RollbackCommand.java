package dev.mesh.cli;

import dev.mesh.catalog.Publications;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.render.Plural;
import dev.mesh.runner.ExitCode;
import dev.mesh.runtime.ProductHolds;
import dev.mesh.runtime.ProductRollback;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mesh rollback <product> [--to-run RUN] [--reason TEXT] [--hold] [--dry-run]}: a bad publication withdrawn, an earlier
 * run's rows current again ({@link ProductRollback}), and the products that read a withdrawn version named.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Withdraw a bad publication: make an earlier run's rows the product's current rows again.",
      "Without --to-run, back to the publication before the current one. One commit per table (Delta: RESTORE; Iceberg: "
          + "the current snapshot set back); a product with PII has its output port rewritten from the restored rows. "
          + "The product's lease is held meanwhile. Recorded in mesh.runs (status rolled-back), so mesh status, the "
          + "monitor and the site show the restored run's rows, as fresh as when that run published them.",
      "Refused, with nothing changed, when the version's rows no longer keep the declared contract (roll the declaration "
          + "back with them) or its files were deleted by mesh maintain.",
      "Prints the products whose runs read a withdrawn version (mesh.lineage): run them again once the product is right.",
      "With --hold, the product is held too (mesh hold) once rolled back: its runs do not run until mesh release.",
      "Exit code 0, 1 when it failed (or the hold could not be recorded) or another run held the product, 2 for a target "
          + "that is not an earlier publication."
    })
final class RollbackCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. sales.orders")
  String product;

  @Option(names = "--to-run", paramLabel = "RUN",
      description = "The run whose rows become current again: its id or a unique prefix (8 characters or more), "
          + "from mesh status, mesh logs or SELECT run_id FROM mesh.runs (default: the publication before the current one)")
  String toRun;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in mesh.runs.reason")
  String reason;

  @Option(names = "--dry-run", description = "Say what would be withdrawn and who read it; change nothing")
  boolean dryRun;

  @Option(names = "--hold",
      description = "Hold the product too once it is rolled back (mesh hold): its runs do not run until mesh release, so "
          + "the next scheduled run does not publish again what was withdrawn")
  boolean hold;

  @Override
  public Integer call() {
    if (toRun != null && toRun.length() < 8) {
      throw MeshErrors.usage("A run id prefix needs at least 8 characters, got '" + toRun + "'.");
    }
    try (Mesh mesh = Mesh.open()) {
      ProductDescriptor d = mesh.config().product(product);
      System.out.printf("mesh rollback: %s (%s)%s%n", d.id(), d.output().format().label(), dryRun ? ", dry run" : "");
      ProductRollback.Outcome o = mesh.productRollback().rollback(d, toRun, reason, dryRun);
      if (o.to() == null) {
        System.out.println(o.error());
        return ExitCode.of(o.kind()).code();
      }
      List<List<String>> lines = new ArrayList<>();
      lines.add(List.of("current", ProductRollback.describe(o.from())));
      lines.add(List.of("back to", ProductRollback.describe(o.to()) + (o.to().run().endedAt() == null ? "" : ", published " + o.to().run().endedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
      for (Publications.Publication w : o.withdrawn()) {
        lines.add(List.of("withdrawn", ProductRollback.describe(w)));
      }
      printPairs(lines);
      if (dryRun) {
        System.out.println("Would withdraw " + Plural.count(o.withdrawn().size(), "publication") + "; nothing changed (--dry-run).");
      } else if (o.version() != null) {
        System.out.println("Rolled back: " + d.id() + " is version " + o.version() + " now, with the rows of "
            + ProductRollback.describe(o.to()).replaceFirst(" \\(version [^)]*\\)$", "") + "; recorded as " + o.id()
            + (reason == null ? "" : " (" + reason + ")") + ".");
      }
      if (o.error() != null) {
        System.out.println(o.error());
      }
      ProductHolds.Outcome held = null;
      if (hold && dryRun) {
        System.out.println("Would hold " + d.id() + " (--hold): its runs would not run until mesh release " + d.id() + ".");
      } else if (hold && o.version() != null) {
        held = mesh.productHolds().hold(d, reason);
        System.out.println(!held.ok() ? held.error()
            : "Held: " + d.id() + " is " + held.hold().describe() + (held.changed() ? "" : " (already)")
                + ". Its runs do not run until mesh release " + d.id() + ".");
      }
      System.out.println();
      if (o.readers().isEmpty()) {
        System.out.println("No recorded run of another product read a withdrawn version.");
      } else {
        System.out.println((dryRun ? "Products whose runs read a version it would withdraw:" : "Products whose runs read a withdrawn version:"));
        List<List<String>> readers = new ArrayList<>();
        for (ProductRollback.Reader r : o.readers()) {
          readers.add(List.of(r.product().toString(), String.join(", ", r.dates().stream().map(LocalDate::toString).toList())));
        }
        printPairs(readers);
      }
      if (o.rerun() != null) {
        System.out.println("Once " + d.id() + " is right again, " + (hold ? "mesh release " + d.id() + ", then " : "")
            + "run it and its readers for the withdrawn dates: " + o.rerun());
      }
      if (!o.ok()) {
        return ExitCode.of(o.kind()).code();
      }
      return held != null && !held.ok() ? ExitCode.of(held.kind()).code() : ExitCode.SUCCESS.code();
    }
  }

  /** Two columns, the first padded to its widest value, indented. */
  private static void printPairs(List<List<String>> pairs) {
    int width = pairs.stream().mapToInt(p -> p.get(0).length()).max().orElse(0);
    pairs.forEach(p -> System.out.println("  " + String.format("%-" + width + "s", p.get(0)) + "  " + p.get(1)));
  }
}
