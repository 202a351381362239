package dev.mesh.cli;

import dev.mesh.runner.RunCommand;
import dev.mesh.core.Mesh;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.catalog.DescriptorJson;
import dev.mesh.catalog.PublishedContracts;
import dev.mesh.config.TransformTestsLoader;
import dev.mesh.errors.ConfigException;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.render.Plural;
import dev.mesh.runner.ExitCode;
import dev.mesh.governance.Governance;
import dev.mesh.governance.GovernanceContext;
import dev.mesh.governance.PublishedContract;
import dev.mesh.governance.SchemaChange;
import dev.mesh.governance.SchemaCompatibility;
import dev.mesh.governance.Violation;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformSpec;
import dev.mesh.quality.Severity;
import dev.mesh.runtime.TransformAnalysis;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh validate}: loads every declaration, builds the product graph, and checks every product against every
 * governance policy, and, when a catalog exists, its declared schema against the last published one.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check every declaration, the product graph and every governance policy (conf/governance.conf).",
      "Exit 2 on any error violation; warnings are printed and exit 0."
    })
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--format", paramLabel = "text|json", description = "text (default) or json", defaultValue = "text")
  String format;

  @Option(
      names = "--contracts",
      paramLabel = "auto|always|never",
      description = "auto (default: compare with mesh.products when the catalog exists), always or never",
      defaultValue = "auto")
  String contracts;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "Judge deprecations, and ask sources for their data (--analyze), as of this date (default: today)")
  String date;

  @Option(
      names = "--analyze",
      description =
          "Also plan every SQL transform against its inputs' columns (the upstream contracts, the sources' schemas),"
              + " reading no data, and compare what it produces with its contract: a misspelt column or function, or"
              + " an output that breaks the contract, is an error here instead of a failed run."
              + " Starts Spark (seconds).")
  boolean analyze;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw dev.mesh.errors.MeshErrors.usage("--format must be text or json, got '" + format + "'.");
    }
    LocalDate today = date != null ? RunCommand.parse("--date", date) : LocalDate.now(ZoneOffset.UTC);
    Mesh mesh;
    try {
      mesh = Mesh.open();
    } catch (ConfigException e) {
      return configProblems(e);
    }
    try (mesh) {
      try {
        // The transforms' unit tests (mesh test) are declarations too: a mistake in one is found here, without data.
        new TransformTestsLoader(mesh.config()).load();
      } catch (ConfigException e) {
        return configProblems(e);
      }
      mesh.graph();
      Map<ProductId, PublishedContract> published = Map.of();
      Map<ProductId, ProductDescriptor> products = mesh.config().products();
      if (readContracts(mesh)) {
        // Those of the products declared here: a shared catalog also holds other meshes' and retired products'.
        published = new TreeMap<>(PublishedContracts.read(mesh.catalogReader()));
        published.keySet().retainAll(products.keySet());
      }
      List<Violation> violations =
          new ArrayList<>(
              new Governance(mesh.config().governance())
                  .checkAll(products.values(), new GovernanceContext(products, today, published)));
      Map<ProductId, String> notAnalyzed = new TreeMap<>();
      if (analyze) {
        analyze(mesh, products, today, violations, notAnalyzed);
      }
      if (format.equals("json")) {
        print(System.out, List.of(), violations, products, published, products.size(), analyze ? notAnalyzed : null);
      } else {
        if (analyze) {
          printAnalysis(System.out, products, violations, notAnalyzed);
        }
        printText(System.out, violations, products, published);
      }
      return violations.stream().anyMatch(Violation::blocking) ? ExitCode.BAD_USAGE_OR_CONFIG.code() : 0;
    }
  }

  /** The problems of the configuration: thrown as they are in text (printed by MeshCli), printed here in JSON. */
  private int configProblems(ConfigException e) {
    if (!format.equals("json")) {
      throw e;
    }
    print(System.out, e.problems(), List.of(), Map.of(), Map.of(), 0, null);
    return ExitCode.BAD_USAGE_OR_CONFIG.code();
  }

  /** Each SQL transform planned against its inputs with no data ({@link TransformAnalysis}); problems are errors. */
  private static void analyze(
      Mesh mesh, Map<ProductId, ProductDescriptor> products, LocalDate date, List<Violation> violations,
      Map<ProductId, String> notAnalyzed) {
    TransformAnalysis analysis = mesh.transformAnalysis();
    for (ProductDescriptor d : new TreeMap<>(products).values()) {
      if (!(d.transform() instanceof TransformSpec.SqlFile)) {
        continue;
      }
      TransformAnalysis.Outcome outcome = analysis.analyze(d, date);
      if (outcome instanceof TransformAnalysis.Outcome.Problem p) {
        violations.add(
            new Violation(
                "analyze", Severity.ERROR, d.id(), p.at(), p.message(),
                "correct the SQL file, or the contract in the product's conf file if the SQL is right"));
      } else if (outcome instanceof TransformAnalysis.Outcome.NotAnalyzed n) {
        notAnalyzed.put(d.id(), n.reason());
      }
    }
  }

  private static void printAnalysis(
      PrintStream out, Map<ProductId, ProductDescriptor> products, List<Violation> violations,
      Map<ProductId, String> notAnalyzed) {
    long sql = products.values().stream().filter(d -> d.transform() instanceof TransformSpec.SqlFile).count();
    long failed = violations.stream().filter(v -> v.policy().equals("analyze")).count();
    long java = products.size() - sql;
    out.println(
        "Analyzed " + (sql - notAnalyzed.size()) + " of " + sql + " SQL transforms with no data: " + failed
            + (failed == 1 ? " does not resolve or breaks its contract" : " do not resolve or break their contracts")
            + (java == 1 ? " (1 Java transform is checked when it runs)" : "")
            + (java > 1 ? " (" + java + " Java transforms are checked when they run)" : "")
            + ".");
    notAnalyzed.forEach((id, reason) -> out.println("  not analyzed: " + id + ": " + reason));
  }

  private boolean readContracts(Mesh mesh) {
    return switch (contracts) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> {
        // Only when there is a published catalog to compare with (a catalog service, or a local warehouse that has
        // one): the catalog reader needs no Spark for local Delta tables or a catalog service, but does for Delta
        // catalog tables on object storage, and starting it costs seconds.
        if (mesh.config().platform().catalogTablesInService()) {
          yield true;
        }
        String root = mesh.config().platform().catalogRoot();
        yield !root.contains("://") && Files.isDirectory(Path.of(root, "products", "_delta_log"));
      }
      default -> throw dev.mesh.errors.MeshErrors.usage("--contracts must be auto, always or never, got '" + contracts + "'.");
    };
  }

  private static void printText(
      PrintStream out, List<Violation> violations, Map<ProductId, ProductDescriptor> products,
      Map<ProductId, PublishedContract> published) {
    for (Violation v : violations) {
      out.println(v.severity().label().toUpperCase() + " [" + v.policy() + "] " + v.product() + " (" + v.origin() + ")");
      out.println("  " + v.message());
      out.println("  fix: " + v.fix());
    }
    for (Map.Entry<ProductId, PublishedContract> e : published.entrySet()) {
      ProductDescriptor d = products.get(e.getKey());
      if (d == null) {
        continue;
      }
      List<SchemaChange> changes = SchemaCompatibility.changes(e.getValue().columns(), d.schema().columns());
      if (!changes.isEmpty()) {
        out.println("CONTRACT " + d.id() + " " + e.getValue().version() + " (published) -> " + d.version() + " (declared):");
        changes.forEach(c -> out.println("  " + c));
      }
    }
    long errors = violations.stream().filter(Violation::blocking).count();
    long warnings = violations.size() - errors;
    out.println(
        (errors > 0 ? "FAILED: " : "OK: ")
            + Plural.count(products.size(), "product") + ", " + Plural.count(errors, "error") + ", " + Plural.count(warnings, "warning")
            + (published.isEmpty() ? "" : "; schemas compared with " + Plural.count(published.size(), "published contract"))
            + ".");
  }

  /** The JSON form; {@code notAnalyzed} (SQL products --analyze could not plan, and why) is null without --analyze. */
  private static void print(
      PrintStream out, List<ConfigProblem> problems, List<Violation> violations,
      Map<ProductId, ProductDescriptor> products, Map<ProductId, PublishedContract> published, int productCount,
      Map<ProductId, String> notAnalyzed) {
    ObjectNode root = DescriptorJson.mapper().createObjectNode();
    long errors = problems.size() + violations.stream().filter(Violation::blocking).count();
    root.put("ok", errors == 0);
    root.put("products", productCount);
    root.put("errors", errors);
    root.put("warnings", violations.size() - violations.stream().filter(Violation::blocking).count());
    ArrayNode arr = root.putArray("violations");
    for (ConfigProblem p : problems) {
      arr.addObject()
          .put("policy", "config")
          .put("severity", "error")
          .putNull("product")
          .put("file", p.origin().file())
          .put("line", p.origin().line())
          .put("key", p.key())
          .put("message", p.message())
          .put("fix", "correct the key as the message says");
    }
    for (Violation v : violations) {
      arr.addObject()
          .put("policy", v.policy())
          .put("severity", v.severity().label())
          .put("product", v.product().toString())
          .put("file", v.origin().file())
          .put("line", v.origin().line())
          .put("message", v.message())
          .put("fix", v.fix());
    }
    ArrayNode contracts = root.putArray("contract_changes");
    for (Map.Entry<ProductId, PublishedContract> e : published.entrySet()) {
      ProductDescriptor d = products.get(e.getKey());
      if (d == null) {
        continue;
      }
      for (SchemaChange c : SchemaCompatibility.changes(e.getValue().columns(), d.schema().columns())) {
        contracts.addObject()
            .put("product", d.id().toString())
            .put("published_version", e.getValue().version())
            .put("declared_version", d.version())
            .put("column", c.column())
            .put("change", c.kind().name().toLowerCase())
            .put("breaking", c.breaking())
            .put("detail", c.detail());
      }
    }
    if (notAnalyzed != null) {
      ObjectNode skipped = root.putObject("not_analyzed");
      notAnalyzed.forEach((id, reason) -> skipped.put(id.toString(), reason));
    }
    try {
      out.println(DescriptorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
