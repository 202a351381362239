package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runner.ExitCode;
import dev.mesh.runtime.ProductHolds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh release <product> [--reason TEXT]}: a held product's runs run again. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Release a held product (mesh hold, mesh rollback --hold): its next run runs. Recorded in mesh.runs (status "
          + "released) and the hold's alerts (held, input-held) resolved. A product that is not held stays as it is.",
      "Exit code 0, 1 when the release could not be recorded, 2 for a product that is not declared."
    })
final class ReleaseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. sales.orders")
  String product;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in mesh.runs.reason")
  String reason;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      ProductDescriptor d = mesh.config().product(product);
      ProductHolds.Outcome o = mesh.productHolds().release(d, reason);
      if (!o.ok()) {
        System.out.println(o.error());
        return ExitCode.of(o.kind()).code();
      }
      if (o.changed()) {
        System.out.println("Released: " + d.id() + " (" + o.hold().describe() + "); its next run runs. Recorded as " + o.id() + ".");
      } else {
        System.out.println(d.id() + " is not held: nothing recorded.");
      }
      return ExitCode.SUCCESS.code();
    }
  }
}
