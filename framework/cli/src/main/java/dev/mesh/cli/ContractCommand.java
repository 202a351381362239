package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.export.odcs.OdcsContract;
import dev.mesh.model.ProductDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh contract export <id>}: a product's data contract in an open standard. */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    description = "Export data contracts in open standards (ODCS).",
    subcommands = {ContractCommand.Export.class})
final class ContractCommand {

  /** {@code mesh contract export <id> [-o file]}: Open Data Contract Standard v3.1.0 YAML. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write a product as an Open Data Contract Standard (ODCS) v3.1.0 YAML document; nothing runs.")
  static final class Export implements Callable<Integer> {
    @Parameters(paramLabel = "PRODUCT", description = "The product id, e.g. sales.orders")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead of stdout")
    Path output;

    @Override
    public Integer call() {
      Mesh mesh = Mesh.open();
      ProductDescriptor d = mesh.config().product(id);
      String yaml = OdcsContract.yaml(d, mesh.config().platform(), LocalDate.now(ZoneOffset.UTC));
      if (output == null) {
        System.out.print(yaml);
      } else {
        try {
          Files.writeString(output, yaml);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write " + output, e);
        }
        System.err.println("mesh: wrote the ODCS contract of " + d.id() + " to " + output);
      }
      return 0;
    }
  }
}
