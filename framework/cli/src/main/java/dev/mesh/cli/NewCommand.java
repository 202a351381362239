package dev.mesh.cli;

import dev.mesh.config.ConfigFiles;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.Governance;
import dev.mesh.governance.GovernanceContext;
import dev.mesh.governance.Violation;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.scaffold.ProductScaffold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh new <domain>.<name>}: a new product's files, valid and runnable as written. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Start a product: write its declaration and a transform that runs as written (nothing runs).",
      "conf/<domain>/<name>.conf takes its contract from the first input (as this domain reads it), a freshness SLA "
          + "and one error rule; the transform (SQL in jobs/<domain>/sql/, or --java) returns that input. A domain new "
          + "here also gets its domain.conf (--owner, --contact) and its job module (jobs/<domain>/pom.xml, listed in "
          + "jobs/pom.xml). Nothing that exists is overwritten."
    },
    footer = {
      "",
      "Example: mesh new sales.big_orders --input orders=sales.orders --description \"Orders of more than 100,000 net\""
    })
final class NewCommand implements Callable<Integer> {
  /** The option that sets what a policy judges, to name it when the policy refuses its value. */
  private static final Map<String, String> OPTION_OF_POLICY = Map.of(ProductScaffold.DESCRIPTION_POLICY, "--description", "output-format", "--format");

  @Parameters(index = "0", paramLabel = "PRODUCT", description = "The new product's id, <domain>.<name> in lower snake_case")
  String id;

  @Option(names = "--input", paramLabel = "ALIAS=PRODUCT", description = "An upstream product and the alias the transform reads it by; repeat for more")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--java", description = "A Java transform (a class in jobs/<domain>/src/main/java) instead of a SQL file")
  boolean java;

  @Option(names = "--package", paramLabel = "PACKAGE", description = "The Java transform's package (default: that of the domain's other Java transforms, else dev.mesh.jobs.<domain>)")
  String javaPackage;

  @Option(names = "--format", paramLabel = "FORMAT", description = "delta or iceberg (default ${DEFAULT-VALUE})")
  String format = "delta";

  @Option(names = "--description", paramLabel = "TEXT", description = "What one row is and what it is for (without it, a placeholder validate refuses until written)")
  String description;

  @Option(names = "--owner", paramLabel = "TEAM", description = "The owning team: required for a new domain (its domain.conf), else set on the product")
  String team;

  @Option(names = "--contact", paramLabel = "EMAIL", description = "How consumers reach the owner (e-mail or URL), with --owner")
  String contact;

  @Override
  public Integer call() throws IOException {
    ProductId product = parse(id, "product id");
    Map<String, ProductId> upstream = new LinkedHashMap<>();
    inputs.forEach((alias, p) -> upstream.put(alias, parse(p, "--input " + alias)));
    Path home;
    ProductScaffold.Plan plan;
    try (Mesh mesh = Mesh.open()) {
      home = mesh.config().platform().home().toAbsolutePath().normalize();
      plan = new ProductScaffold(mesh.config())
          .plan(new ProductScaffold.Request(product, upstream, java, format, description, team, contact, javaPackage));
    }

    // The product as written must pass governance (its description placeholder aside, which is left to do): a policy
    // that refuses it (a --description too short, a --format the platform does not allow) undoes the command.
    write(home, plan, () -> checkGovernance(home, product));

    System.out.println("New product " + product + ":");
    List<String> names = plan.files().stream().map(f -> ConfigFiles.display(home.resolve(f.path()).toString())).toList();
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    for (int i = 0; i < names.size(); i++) {
      System.out.println("  wrote   " + names.get(i) + " ".repeat(width - names.get(i).length()) + "  " + plan.files().get(i).what());
    }
    plan.jobsPom().ifPresent(e -> System.out.println("  changed " + ConfigFiles.display(home.resolve(e.file()).toString()) + ": " + e.line()));
    List<String> next = new ArrayList<>(plan.todo());
    next.add("shape the transform and the contract (schema, sla.rules) together, then: bin/mesh validate --analyze");
    next.add("bin/mesh run " + product + " --date <day>");
    System.out.println("Next:");
    for (int i = 0; i < next.size(); i++) {
      System.out.println("  " + (i + 1) + ". " + next.get(i));
    }
    return 0;
  }

  /**
   * Every new file, then the aggregator POM, then {@code check} on what is written; on any failure (the check's too)
   * what this command wrote is removed again and the POM restored.
   */
  private static <T> T write(Path home, ProductScaffold.Plan plan, Callable<T> check) throws IOException {
    List<Path> written = new ArrayList<>();
    List<Path> madeDirs = new ArrayList<>();
    Path pom = null;
    String pomBefore = null;
    try {
      for (ProductScaffold.NewFile f : plan.files()) {
        Path target = home.resolve(f.path());
        // Each directory after its parent (a parent made for an earlier file is before it too): removed in reverse.
        int at = madeDirs.size();
        for (Path dir = target.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
          madeDirs.add(at, dir);
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.text(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        written.add(target);
      }
      if (plan.jobsPom().isPresent()) {
        Path aggregator = home.resolve(plan.jobsPom().get().file());
        String before = Files.readString(aggregator);
        dev.mesh.storage.localfs.WholeFiles.replace(aggregator, plan.jobsPom().get().text());
        pom = aggregator;
        pomBefore = before;
      }
      return check.call();
    } catch (Exception e) {
      if (pom != null) {
        dev.mesh.storage.localfs.WholeFiles.replace(pom, pomBefore);
      }
      for (Path p : written) {
        Files.deleteIfExists(p);
      }
      for (int i = madeDirs.size() - 1; i >= 0; i--) {
        Files.deleteIfExists(madeDirs.get(i));
      }
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fails naming every error policy {@code product} breaks as the mesh now declares it, and the option that set what
   * breaks it; that of the description policy is left to do when no description was given (its placeholder).
   */
  private Void checkGovernance(Path home, ProductId product) {
    // Transforms unchecked: a new Java transform is not compiled yet (what validate checks once it is).
    Properties overrides = new Properties();
    overrides.putAll(System.getProperties());
    overrides.setProperty("mesh.sql-check", "run");
    MeshConfig config = new MeshConfigLoader(home, System.getenv(), overrides).load();
    Map<ProductId, ProductDescriptor> products = config.products();
    GovernanceContext context = new GovernanceContext(products, LocalDate.now(ZoneOffset.UTC), Map.of());
    List<String> refusals = new ArrayList<>();
    for (Violation v : new Governance(config.governance()).check(products.get(product), context)) {
      boolean placeholder = v.policy().equals(ProductScaffold.DESCRIPTION_POLICY) && description == null;
      if (v.blocking() && !placeholder) {
        String option = OPTION_OF_POLICY.get(v.policy());
        refusals.add("  [" + v.policy() + "] " + v.message() + (option == null ? "" : " (" + option + ")") + ". Fix: " + v.fix());
      }
    }
    if (!refusals.isEmpty()) {
      throw MeshErrors.usage("Governance refuses " + product + " as it would be written; nothing was written:\n"
          + String.join("\n", refusals));
    }
    return null;
  }

  private static ProductId parse(String text, String what) {
    try {
      return ProductId.parse(text);
    } catch (IllegalArgumentException e) {
      throw MeshErrors.usage(e.getMessage() + " (" + what + ").");
    }
  }
}
