package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runner.ExitCode;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.ProductHolds;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mesh hold <selection> [--reason TEXT]}: the selected products' runs stop running until {@code mesh release},
 * all recorded in one commit.
 */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = {
      "Hold products: mesh run, mesh demo and the job jars (Airflow's tasks) pass them by, exit code 0, until mesh "
          + "release. The products downstream run on their current rows. The selection is mesh run's: sales.orders, "
          + "sales.orders+ (with everything downstream), --domain sales, --all.",
      "For a transform known to be wrong: after mesh rollback (or mesh rollback --hold), so that the next scheduled run "
          + "does not publish again what was withdrawn. A run already under way carries on; a mesh run under way (a "
          + "backfill) starts no run of it 30 s after the hold.",
      "Recorded in mesh.runs (status held, the reason), every hold in one commit: mesh status, the site and every "
          + "deployment on the same catalog see it. A product already held stays as it is.",
      "Alerts its owner (held) and the owner of each product that reads it (input-held), until it is released.",
      "Exit code 0, 1 when the holds could not be recorded (none is), 2 for a product that is not declared."
    })
final class HoldCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in mesh.runs.reason and shown with the hold")
  String reason;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      List<ProductDescriptor> products = HoldSelection.of(mesh, selection);
      if (products.isEmpty()) {
        System.out.println(selection.nothingChanged());
        return ExitCode.SUCCESS.code();
      }
      List<ProductHolds.Outcome> outcomes = mesh.productHolds().hold(products, reason);
      if (HoldSelection.failed(outcomes, "held")) {
        return HoldSelection.exitCode(outcomes);
      }
      for (ProductHolds.Outcome o : outcomes) {
        if (o.changed()) {
          System.out.println("Held: " + o.product() + " is " + o.hold().describe() + ". Its runs do not run until mesh release " + o.product() + ".");
        } else {
          System.out.println(o.product() + " was already " + o.hold().describe() + ": nothing recorded.");
        }
      }
      return ExitCode.SUCCESS.code();
    }
  }
}
