package dev.mesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.catalog.DescriptorJson;
import dev.mesh.config.ConfigFiles;
import dev.mesh.config.TransformTestsLoader;
import dev.mesh.errors.MeshErrors;
import dev.mesh.core.Mesh;
import dev.mesh.errors.ConfigException;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformTest;
import dev.mesh.render.Plural;
import dev.mesh.render.TablePrinter;
import dev.mesh.runner.ExitCode;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.TransformTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--format", paramLabel = "text|json|junit", defaultValue = "text",
      description = "text (default: a line as each test ends, the rows that differ), json (one document at the end, for"
          + " CI) or junit (the JUnit XML report CI servers show)")
  String format;

  /** One test's outcome and how long it took. */
  private record Result(TransformTest test, TransformTests.Outcome outcome, double seconds) {}

  @Override
  public Integer call() {
    if (!List.of("text", "json", "junit").contains(format)) {
      throw MeshErrors.usage("--format must be text, json or junit, got '" + format + "'.");
    }
    boolean text = format.equals("text");
    try (Mesh mesh = Mesh.open()) {
      TransformTestsLoader loader = new TransformTestsLoader(mesh.config());
      List<TransformTest> all;
      try {
        all = loader.load();
      } catch (ConfigException e) {
        if (text) {
          throw e;
        }
        // The test files' own mistakes, in the document a CI job reads (text prints them as every command does).
        if (format.equals("junit")) {
          System.out.print(JUnitReport.ofProblems(e.problems()));
          return ExitCode.BAD_USAGE_OR_CONFIG.code();
        }
        ObjectNode root = DescriptorJson.mapper().createObjectNode().put("ok", false).put("tests", 0);
        problems(root.putArray("problems"), e.problems());
        print(root);
        return ExitCode.BAD_USAGE_OR_CONFIG.code();
      }
      Set<ProductId> selected = selection.isEmpty() ? null : selection.resolve(mesh.graph(), mesh.config());
      if (selected != null && selected.isEmpty() && text) {
        System.out.println(selection.nothingChanged());
      }
      List<TransformTest> tests = all.stream().filter(t -> selected == null || selected.contains(t.product())).toList();
      List<String> notRun = selected == null ? loader.strayDirectories() : List.of();
      SortedSet<ProductId> untested = new TreeSet<>(selected == null ? Set.of() : selected);
      tests.forEach(t -> untested.remove(t.product()));
      if (text) {
        notRun.forEach(d -> System.out.println("Not run: " + d + "."));
        for (ProductId id : untested) {
          System.out.println("No tests of " + id + ": looked for " + String.join(", ", loader.directories(id.domain()).stream()
              .map(d -> ConfigFiles.display(d.resolve(id.name() + ".conf").toString())).toList()));
        }
        if (tests.isEmpty() && selected == null) {
          System.out.println("No tests in this mesh: a product's tests go in jobs/<domain>/tests/<name>.conf "
              + "(mesh.test-path; README \"Testing a transform\").");
        }
        if (!tests.isEmpty()) {
          long products = tests.stream().map(TransformTest::product).distinct().count();
          System.out.printf(Locale.ROOT, "mesh test: %s of %s%n", Plural.count(tests.size(), "test"), Plural.count(products, "product"));
        }
      }
      TransformTests runner = tests.isEmpty() ? null : mesh.transformTests();
      List<Result> results = new ArrayList<>();
      for (TransformTest t : tests) {
        long started = System.nanoTime();
        Result r = new Result(t, runner.run(t), (System.nanoTime() - started) / 1e9);
        results.add(r);
        if (text) {
          printText(r, results.size(), tests.size());
        }
      }
      long failed = results.stream().filter(r -> r.outcome() instanceof TransformTests.Outcome.Failed).count();
      long invalid = results.stream().filter(r -> r.outcome() instanceof TransformTests.Outcome.Invalid).count();
      long passed = results.size() - failed - invalid;
      if (text && !results.isEmpty()) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%d of %s passed%s.%n", passed, Plural.count(results.size(), "test"),
            failed + invalid == 0 ? "" : " (" + String.join(", ", counts(failed, invalid)) + ")");
      }
      if (format.equals("json")) {
        printJson(results, untested, notRun);
      } else if (format.equals("junit")) {
        System.out.print(JUnitReport.of(results.stream().map(r -> new JUnitReport.Case(r.test(), r.outcome(), r.seconds(),
            r.outcome() instanceof TransformTests.Outcome.Failed f && !f.columns().isEmpty() ? differences(f) : "")).toList()));
      }
      if (invalid > 0) {
        return ExitCode.BAD_USAGE_OR_CONFIG.code();
      }
      return failed > 0 ? ExitCode.RUN_FAILED.code() : ExitCode.SUCCESS.code();
    }
  }

  /** The line of a test as it ends, with the rows that differ or the problems under it. */
  private static void printText(Result r, int done, int total) {
    TransformTest t = r.test();
    String head = String.format(Locale.ROOT, "[%d/%d] ", done, total);
    String took = String.format(Locale.ROOT, "%.1fs", r.seconds());
    if (r.outcome() instanceof TransformTests.Outcome.Passed p) {
      System.out.printf(Locale.ROOT, "%sPASS  %s (%s, %s)%n", head, t.title(), Plural.count(p.rows(), "row"), took);
    } else if (r.outcome() instanceof TransformTests.Outcome.Failed f) {
      System.out.printf(Locale.ROOT, "%sFAIL  %s (%s)%n", head, t.title(), took);
      System.out.println("      " + t.at() + ": " + f.reason());
      if (!f.columns().isEmpty()) {
        System.out.print(TablePrinter.indented(differences(f), "      "));
      }
    } else {
      System.out.printf(Locale.ROOT, "%sERROR %s: the test does not fit the product (%s)%n", head, t.title(), took);
      for (ConfigProblem p : ((TransformTests.Outcome.Invalid) r.outcome()).problems()) {
        System.out.println("      - " + p);
      }
    }
  }

  /** Every result as one JSON document: status passed, failed or invalid, with what each found. */
  private static void printJson(List<Result> results, Set<ProductId> untested, List<String> notRun) {
    ObjectNode root = DescriptorJson.mapper().createObjectNode();
    long failed = results.stream().filter(r -> r.outcome() instanceof TransformTests.Outcome.Failed).count();
    long invalid = results.stream().filter(r -> r.outcome() instanceof TransformTests.Outcome.Invalid).count();
    root.put("ok", failed + invalid == 0);
    root.put("tests", results.size());
    root.put("passed", results.size() - failed - invalid);
    root.put("failed", failed);
    root.put("invalid", invalid);
    ArrayNode arr = root.putArray("results");
    for (Result r : results) {
      ObjectNode o = arr.addObject()
          .put("product", r.test().product().toString())
          .put("test", r.test().name())
          .put("file", r.test().at().file())
          .put("line", r.test().at().line())
          .put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
      if (r.outcome() instanceof TransformTests.Outcome.Passed p) {
        o.put("status", "passed").put("rows", p.rows());
      } else if (r.outcome() instanceof TransformTests.Outcome.Failed f) {
        o.put("status", "failed").put("reason", f.reason());
        f.columns().forEach(o.putArray("columns")::add);
        rows(o.putArray("missing"), f.missing());
        rows(o.putArray("unexpected"), f.unexpected());
      } else {
        o.put("status", "invalid");
        problems(o.putArray("problems"), ((TransformTests.Outcome.Invalid) r.outcome()).problems());
      }
    }
    ArrayNode none = root.putArray("untested");
    untested.forEach(id -> none.add(id.toString()));
    notRun.forEach(root.putArray("not_run")::add);
    print(root);
  }

  private static void problems(ArrayNode out, List<ConfigProblem> problems) {
    for (ConfigProblem p : problems) {
      out.addObject()
          .put("file", p.origin() == null ? null : p.origin().file())
          .put("line", p.origin() == null ? -1 : p.origin().line())
          .put("key", p.key())
          .put("message", p.message());
    }
  }

  private static void print(ObjectNode root) {
    try {
      System.out.println(DescriptorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rows(ArrayNode out, List<List<String>> rows) {
    for (List<String> row : rows) {
      ArrayNode a = out.addArray();
      row.forEach(a::add);
    }
  }

  private static List<String> counts(long failed, long invalid) {
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
    return TablePrinter.aligned(header, rows);
  }
}
