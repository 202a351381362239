package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runner.ExitCode;
import dev.mesh.runtime.ProductHolds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh hold <product> [--reason TEXT]}: the product's runs stop running until {@code mesh release}. */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = {
      "Hold a product: mesh run, mesh demo and the job jars (Airflow's tasks) pass it by, exit code 0, until mesh release. "
          + "The products downstream run on its current rows.",
      "For a transform known to be wrong: after mesh rollback (or mesh rollback --hold), so that the next scheduled run "
          + "does not publish again what was withdrawn. A run already under way carries on; a mesh run under way (a "
          + "backfill) starts no run of it 30 s after the hold.",
      "Recorded in mesh.runs (status held, the reason): mesh status, the site and every deployment on the same catalog "
          + "see it. A product already held stays as it is.",
      "Alerts its owner (held) and the owner of each product that reads it (input-held), until it is released.",
      "Exit code 0, 1 when the hold could not be recorded, 2 for a product that is not declared."
    })
final class HoldCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. sales.orders")
  String product;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in mesh.runs.reason and shown with the hold")
  String reason;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      ProductDescriptor d = mesh.config().product(product);
      ProductHolds.Outcome o = mesh.productHolds().hold(d, reason);
      if (!o.ok()) {
        System.out.println(o.error());
        return ExitCode.of(o.kind()).code();
      }
      if (o.changed()) {
        System.out.println("Held: " + d.id() + " is " + o.hold().describe() + ". Its runs do not run until mesh release " + d.id() + ".");
      } else {
        System.out.println(d.id() + " was already " + o.hold().describe() + ": nothing recorded.");
      }
      return ExitCode.SUCCESS.code();
    }
  }
}
