package dev.mesh.cli;

import dev.mesh.config.TransformTestsLoader;
import dev.mesh.core.Mesh;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformTest;
import dev.mesh.render.Plural;
import dev.mesh.render.TablePrinter;
import dev.mesh.runner.ExitCode;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.TransformTests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mesh test}: runs each selected product's transform on its unit tests' rows ({@code jobs/<domain>/tests/
 * <name>.conf}) and compares what it produces with the rows each test expects. Reads and writes no table.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run the transforms' unit tests: each test in jobs/<domain>/tests/<name>.conf gives rows for every input of "
          + "product <domain>.<name> and the rows its transform must produce for a logical date. The transform runs on "
          + "those rows alone (no table is read or written, no run recorded); its output must keep the product's "
          + "contract and equal the expected rows in any order, on the columns they name.",
      "Without a selection, every test of the mesh.",
      "Exit code 0 when every test passes, 1 when one fails, 2 when a test file is wrong (file, line and key named)."
    })
final class TestCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      TransformTestsLoader loader = new TransformTestsLoader(mesh.config());
      List<TransformTest> all = loader.load();
      Set<ProductId> selected = selection.isEmpty() ? null : selection.resolve(mesh.graph());
      List<TransformTest> tests = all.stream().filter(t -> selected == null || selected.contains(t.product())).toList();
      if (selected == null) {
        loader.strayDirectories().forEach(d -> System.out.println("Not run: " + d + "."));
      }
      if (selected != null) {
        SortedSet<ProductId> untested = new TreeSet<>(selected);
        tests.forEach(t -> untested.remove(t.product()));
        for (ProductId id : untested) {
          System.out.println("No tests of " + id + ": looked for " + String.join(", ", loader.directories(id.domain()).stream()
              .map(d -> dev.mesh.config.ConfigFiles.display(d.resolve(id.name() + ".conf").toString())).toList()));
        }
      }
      if (tests.isEmpty()) {
        if (selected == null) {
          System.out.println("No tests in this mesh: a product's tests go in jobs/<domain>/tests/<name>.conf "
              + "(mesh.test-path; README \"Testing a transform\").");
        }
        return ExitCode.SUCCESS.code();
      }
      long products = tests.stream().map(TransformTest::product).distinct().count();
      System.out.printf(Locale.ROOT, "mesh test: %s of %s%n", Plural.count(tests.size(), "test"), Plural.count(products, "product"));
      TransformTests runner = mesh.transformTests();
      int passed = 0;
      int failed = 0;
      int invalid = 0;
      for (int i = 0; i < tests.size(); i++) {
        TransformTest t = tests.get(i);
        long started = System.nanoTime();
        TransformTests.Outcome o = runner.run(t);
        String took = String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - started) / 1e9);
        String head = String.format(Locale.ROOT, "[%d/%d] ", i + 1, tests.size());
        if (o instanceof TransformTests.Outcome.Passed p) {
          passed++;
          System.out.printf(Locale.ROOT, "%sPASS  %s (%s, %s)%n", head, t.title(), Plural.count(p.rows(), "row"), took);
        } else if (o instanceof TransformTests.Outcome.Failed f) {
          failed++;
          System.out.printf(Locale.ROOT, "%sFAIL  %s (%s)%n", head, t.title(), took);
          System.out.println("      " + t.at() + ": " + f.reason());
          if (!f.columns().isEmpty()) {
            System.out.print(indented(differences(f), "      "));
          }
        } else {
          invalid++;
          System.out.printf(Locale.ROOT, "%sERROR %s: the test does not fit the product (%s)%n", head, t.title(), took);
          for (ConfigProblem p : ((TransformTests.Outcome.Invalid) o).problems()) {
            System.out.println("      - " + p);
          }
        }
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "%d of %s passed%s.%n", passed, Plural.count(tests.size(), "test"),
          failed + invalid == 0 ? "" : " (" + String.join(", ", counts(failed, invalid)) + ")");
      if (invalid > 0) {
        return ExitCode.BAD_USAGE_OR_CONFIG.code();
      }
      return failed > 0 ? ExitCode.RUN_FAILED.code() : ExitCode.SUCCESS.code();
    }
  }

  private static List<String> counts(int failed, int invalid) {
    List<String> out = new ArrayList<>();
    if (failed > 0) {
      out.add(failed + " failed");
    }
    if (invalid > 0) {
      out.add(invalid + " not fitting the product");
    }
    return out;
  }

  /** The rows that differ, as a table: "missing" an expected row not produced, "unexpected" a produced row not expected. */
  private static String differences(TransformTests.Outcome.Failed f) {
    List<String> header = new ArrayList<>(List.of("row"));
    header.addAll(f.columns());
    List<List<String>> rows = new ArrayList<>();
    for (List<String> r : f.missing()) {
      List<String> row = new ArrayList<>(List.of("missing"));
      row.addAll(r);
      rows.add(row);
    }
    for (List<String> r : f.unexpected()) {
      List<String> row = new ArrayList<>(List.of("unexpected"));
      row.addAll(r);
      rows.add(row);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TablePrinter.printAligned(out, header, rows);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String indented(String text, String indent) {
    StringBuilder b = new StringBuilder();
    text.lines().forEach(l -> b.append(indent).append(l).append(System.lineSeparator()));
    return b.toString();
  }
}
