package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What every command line user meets first: help, unknown words, empty selections, problems in file order (no Spark). */
class CliConventionsTest {
  @TempDir Path home;

  private TestMesh mesh() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    for (String id : new String[] {"conv.orders", "conv.lines", "conv.revenue"}) {
      mesh.write("conf/" + id.replace('.', '/') + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
    }
    return mesh;
  }

  @Test
  void everyCommandSummaryIsAWholeSentence() {
    // The command list of mesh --help shows the first description line of each command: it must stand alone.
    for (Map.Entry<String, CommandLine> c : new CommandLine(new MeshCli()).getSubcommands().entrySet()) {
      if (c.getKey().equals("help")) {
        continue;
      }
      String[] description = c.getValue().getCommandSpec().usageMessage().description();
      assertThat(description).as(c.getKey()).isNotEmpty();
      assertThat(description[0]).as("summary of mesh %s", c.getKey()).endsWith(".");
      for (CommandLine sub : c.getValue().getSubcommands().values()) {
        String[] d = sub.getCommandSpec().usageMessage().description();
        if (d.length > 0) {
          assertThat(d[0]).as("summary of %s", sub.getCommandSpec().qualifiedName()).endsWith(".");
        }
      }
    }
    Cli.Result help = Cli.run(mesh().home(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("dag       Write the mesh as Airflow DAGs (dag-factory JSON), one per domain;");
  }

  @Test
  void everyOptionAndParameterSaysWhatItIsAndNoHelpBreaksMidSentence() {
    // mesh <command> --help lists each option and parameter: one without a description is a bare name to guess at.
    List<String> bare = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    List<String> unnamed = new ArrayList<>(); // picocli's default label is the Java field's name: --domain=<domains>
    Deque<CommandLine> commands = new ArrayDeque<>(new CommandLine(new MeshCli()).getSubcommands().values());
    while (!commands.isEmpty()) {
      CommandLine c = commands.pop();
      commands.addAll(c.getSubcommands().values());
      CommandSpec spec = c.getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (o.description().length == 0 || String.join("", o.description()).isBlank()) {
          bare.add(spec.qualifiedName() + " " + o.longestName());
        }
        brokenMidSentence(spec.qualifiedName() + " " + o.longestName(), o.description()).ifPresent(broken::add);
        if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) {
          unnamed.add(spec.qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
        }
      }
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (p.description().length == 0 || String.join("", p.description()).isBlank()) {
          bare.add(spec.qualifiedName() + " " + p.paramLabel());
        }
        brokenMidSentence(spec.qualifiedName() + " " + p.paramLabel(), p.description()).ifPresent(broken::add);
      }
      brokenMidSentence(spec.qualifiedName(), spec.usageMessage().description()).ifPresent(broken::add);
    }
    assertThat(bare).as("options and parameters without a description").isEmpty();
    assertThat(broken).as("descriptions whose lines break mid-sentence").isEmpty();
    assertThat(unnamed).as("option values labelled with a Java field's name").isEmpty();
  }

  @Test
  void everyHelpRendersWithoutAWarning() {
    // Picocli formats descriptions with String.format: a bare '%' in one ("%products") makes it print a WARN line on
    // stderr above the help, and the help shows the text unformatted.
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    Deque<CommandLine> commands = new ArrayDeque<>(List.of(new CommandLine(new MeshCli())));
    List<String> rendered = new ArrayList<>();
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      while (!commands.isEmpty()) {
        CommandLine c = commands.pop();
        commands.addAll(c.getSubcommands().values());
        rendered.add(c.getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(rendered).hasSizeGreaterThan(20);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).as("what picocli printed while rendering every help").isEmpty();
  }

  /**
   * Picocli starts each element of a description on a new line and wraps it to the terminal's width, so a sentence
   * split over two elements breaks in the middle of the help ("... its input\nis then left untouched.").
   */
  private static Optional<String> brokenMidSentence(String where, String[] lines) {
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.endsWith(".") && !line.endsWith(":") && !line.endsWith(";")) {
        return Optional.of(where + ": \"" + line + "\"");
      }
    }
    return Optional.empty();
  }

  @Test
  void anUnknownCommandOrOptionIsNamedWithWhatWasMeant() throws java.io.IOException {
    Path h = mesh().home();
    Cli.Result typo = Cli.run(h, "rnu");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).startsWith("mesh: unknown command 'rnu'; did you mean 'run'?").contains("Try 'mesh --help'.");

    Cli.Result unknown = Cli.run(h, "frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("mesh: unknown command 'frobnicate'").contains("Commands: run, demo, sql, plan");
    assertThat(unknown.err()).doesNotContain("Unmatched argument");

    Cli.Result option = Cli.run(h, "plan", "--al");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).startsWith("mesh: unknown option '--al' for 'mesh plan'; did you mean '--all'?");

    // A query not in quotes: the extra word is named with what the command takes, not as a typo of an option.
    Cli.Result unquoted = Cli.run(h, "sql", "select", "1");
    assertThat(unquoted.exitCode()).isEqualTo(2);
    assertThat(unquoted.err())
        .startsWith("mesh: unexpected argument '1' for 'mesh sql' (it takes QUERY; a value with spaces goes in quotes)")
        .doesNotContain("did you mean");

    // A number out of its range is a usage error that names the option, before anything is done.
    for (String[] args : new String[][] {
        {"quality", "conv.orders", "--last", "0"}, {"run", "--all", "--date", "2024-03-01", "--parallelism", "0"},
        {"site", "--serve", "--port", "99999", "--out", h.resolve("site").toString()}}) {
      Cli.Result r = Cli.run(h, args);
      assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).containsPattern("mesh: --(last|parallelism) must be at least 1, got 0\\.|mesh: --port must be between 1 and 65535, got 99999\\.");
    }
    assertThat(h.resolve("site")).as("nothing built for a port it cannot serve on").doesNotExist();

    // An --out the site may not be written to is a usage error said before any work; someone's files stay.
    Path theirs = h.resolve("theirs");
    java.nio.file.Files.createDirectories(theirs);
    java.nio.file.Files.writeString(theirs.resolve("notes.txt"), "mine");
    Path aFile = theirs.resolve("notes.txt");
    for (Path out : List.of(theirs, aFile)) {
      Cli.Result r = Cli.run(h, "site", "--out", out.toString());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("mesh: Cannot write the site to " + out.toAbsolutePath() + ": ")
          .containsPattern("the directory holds files that no mesh site build wrote|it is a file")
          .contains("Name an empty or new directory with --out.")
          .doesNotContain("MESH_VERBOSE");
    }
    assertThat(java.nio.file.Files.readString(aFile)).isEqualTo("mine");

    // A command group typed alone names what it holds (picocli says only "Missing required subcommand").
    Cli.Result group = Cli.run(h, "access");
    assertThat(group.exitCode()).isEqualTo(2);
    assertThat(group.err()).startsWith("mesh: Name a subcommand: mesh access plan.").contains("Try 'mesh access --help'.");
    assertThat(Cli.run(h, "contract").err()).startsWith("mesh: Name a subcommand: mesh contract export.");
    assertThat(Cli.run(h, "stack").err()).startsWith("mesh: Name a subcommand: mesh stack up | down | status | env.");
    assertThat(Cli.run(h, "notebook").err()).startsWith("mesh: Name a subcommand: mesh notebook install | run.");
  }

  @Test
  void anEmptySelectionIsAnErrorForPlanAndRunAlike() {
    Path h = mesh().home();
    for (String[] args : new String[][] {{"plan"}, {"run", "--date", "2024-03-01"}}) {
      Cli.Result r = Cli.run(h, args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args))
          .contains("Nothing selected: name products (e.g. sales.orders, +sales.revenue, sales.orders+), --domain <d> or --all.");
    }
  }

  @Test
  void aDomainNamedAsAProductPointsToDomain() {
    Cli.Result r = Cli.run(mesh().home(), "plan", "conv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("'conv' is a domain, not a product: select all its products with --domain conv, or name one of them: "
            + "conv.lines, conv.orders, conv.revenue.");
  }

  @Test
  void aProductNamedWrongGetsOneAnswerFromEveryCommandThatTakesOne() {
    Path h = mesh().home();
    for (String[] command : new String[][] {{"lineage"}, {"catalog", "show"}, {"quality"}, {"plan"}}) {
      String name = String.join(" ", command);
      Cli.Result typo = Cli.run(h, append(command, "conv.ordrs"));
      assertThat(typo.exitCode()).as(name + ": " + typo.err()).isEqualTo(2);
      assertThat(typo.err()).as(name).contains("Unknown data product 'conv.ordrs'").contains("Did you mean conv.orders?")
          .doesNotContain("MESH_VERBOSE");
      Cli.Result noDomain = Cli.run(h, append(command, "orders"));
      assertThat(noDomain.exitCode()).as(name + ": " + noDomain.err()).isEqualTo(2);
      assertThat(noDomain.err()).as(name).contains("Unknown data product 'orders'").doesNotContain("MESH_VERBOSE");
      if (!name.equals("plan")) { // plan selects: its answer names --domain (aDomainNamedAsAProductPointsToDomain)
        Cli.Result domain = Cli.run(h, append(command, "conv"));
        assertThat(domain.exitCode()).as(name + ": " + domain.err()).isEqualTo(2);
        assertThat(domain.err()).as(name)
            .contains("'conv' is a domain, not a product: name one of its products: conv.lines, conv.orders, conv.revenue.");
      }
    }
  }

  private static String[] append(String[] words, String last) {
    String[] out = java.util.Arrays.copyOf(words, words.length + 1);
    out[words.length] = last;
    return out;
  }

  @Test
  void configurationProblemsAreListedInFileAndLineOrder() {
    TestMesh mesh = mesh();
    mesh.write("conf/conv/zeta.conf", "product {\n  id = conv.zeta\n  ownr = x\n}\n");
    mesh.write("conf/conv/alpha.conf", "product {\n  id = conv.alpha\n\n\n  colour = red\n}\n");
    Cli.Result r = Cli.run(mesh.home(), "plan", "--all");
    assertThat(r.exitCode()).isEqualTo(2);
    int alpha = r.err().indexOf("alpha.conf:5");
    int zeta = r.err().indexOf("zeta.conf:3");
    assertThat(alpha).as(r.err()).isPositive();
    assertThat(zeta).as(r.err()).isGreaterThan(alpha);
    String alphaLines = r.err().substring(alpha);
    assertThat(alphaLines.indexOf("alpha.conf:1")).as("a problem of line 1 comes before line 5").isEqualTo(-1);
  }
}
