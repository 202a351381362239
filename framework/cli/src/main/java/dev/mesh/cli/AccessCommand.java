package dev.mesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mesh.config.PlatformConfig;
import dev.mesh.core.Mesh;
import dev.mesh.governance.AccessPlan;
import dev.mesh.render.TablePrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh access plan}: the permissions that make output ports hold outside mesh. */
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    description = "Show who may read and write each namespace and table (for IAM, Ranger or Polaris grants).",
    subcommands = {AccessCommand.Plan.class})
final class AccessCommand {

  /** {@code mesh access plan [--format table|json]}. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = {
        "Print the grants that keep each domain's clear data to itself, with the storage prefix or catalog name of each.",
        "Public ports are readable by all, shared ports by their consumers, <domain>_internal by the domain (and its "
            + "pii-clear-access grantees). Deterministic: same declarations, same plan. Nothing runs."
      })
  static final class Plan implements Callable<Integer> {
    enum Format { table, json }

    @Option(names = "--format", paramLabel = "table|json", description = "table (default) or json")
    Format format = Format.table;

    @Override
    public Integer call() throws Exception {
      Mesh mesh = Mesh.open();
      PlatformConfig platform = mesh.config().platform();
      String iceberg = platform.iceberg() == null ? "iceberg" : platform.iceberg().name();
      List<AccessPlan.Grant> grants = AccessPlan.of(mesh.config().all(), relative(platform), iceberg);
      if (format == Format.json) {
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(grants));
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (AccessPlan.Grant g : grants) {
        rows.add(java.util.Arrays.asList(
            g.principal(), g.privileges(), g.scope(), g.name(), dash(g.deltaPrefix()), dash(g.icebergName()), g.why()));
      }
      TablePrinter.printAligned(
          System.out, List.of("principal", "privileges", "on", "name", "delta prefix", "iceberg name", "why"), rows);
      return 0;
    }

    private static String dash(String v) {
      return v == null ? "-" : v;
    }

    /** The Delta root as a path relative to the project when it lies under it (shorter, and the same on every machine). */
    private static String relative(PlatformConfig platform) {
      java.nio.file.Path home = platform.home().toAbsolutePath().normalize();
      if (platform.deltaRoot().contains("://")) {
        return platform.deltaRoot();
      }
      java.nio.file.Path root = java.nio.file.Path.of(platform.deltaRoot()).toAbsolutePath().normalize();
      return root.startsWith(home) ? home.relativize(root).toString() : root.toString();
    }
  }
}
