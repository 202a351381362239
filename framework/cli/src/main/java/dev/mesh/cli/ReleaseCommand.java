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

/** {@code mesh release <selection> [--reason TEXT]}: the selected held products' runs run again. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Release held products (mesh hold, mesh rollback --hold): their next runs run. The selection is mesh run's "
          + "(sales.orders, sales.orders+, --domain sales, --all). Recorded in mesh.runs (status released), every release "
          + "in one commit, and the holds' alerts (held, input-held) resolved. A product that is not held stays as it is.",
      "Exit code 0, 1 when the releases could not be recorded (none is), 2 for a product that is not declared."
    })
final class ReleaseCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in mesh.runs.reason")
  String reason;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      List<ProductDescriptor> products = HoldSelection.of(mesh, selection);
      if (products.isEmpty()) {
        System.out.println(selection.nothingChanged());
        return ExitCode.SUCCESS.code();
      }
      List<ProductHolds.Outcome> outcomes = mesh.productHolds().release(products, reason);
      if (HoldSelection.failed(outcomes, "released")) {
        return HoldSelection.exitCode(outcomes);
      }
      for (ProductHolds.Outcome o : outcomes) {
        if (o.changed()) {
          System.out.println("Released: " + o.product() + " (" + o.hold().describe() + "); its next run runs. Recorded as " + o.id() + ".");
        } else {
          System.out.println(o.product() + " is not held: nothing recorded.");
        }
      }
      return ExitCode.SUCCESS.code();
    }
  }
}
