package dev.mesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.mesh.errors.ConfigException;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.TransformTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the transforms' unit tests: {@code <dir>/<name>.conf} in each directory of {@code mesh.test-path} ({@code
 * jobs/{domain}/tests}) holds the tests of product {@code <domain>.<name>}, as
 *
 * <pre>
 * tests {
 *   sums-net-revenue {
 *     date = 1995-06-01
 *     given {
 *       lines = [ { order_key = 1, customer_key = 7, order_date = 1995-06-01, net_revenue = 10.50 } ]
 *       customers = [ { customer_key = 7, nation = FRANCE } ]
 *     }
 *     expect = [ { nation = FRANCE, orders = 1, revenue = 10.50 } ]
 *   }
 * }
 * </pre>
 *
 * Every mistake a file can show without data is reported at once, with file, line and key: an unknown product or
 * input, an input given no rows, a date that is not one, a row that is not an object. Whether a row's columns and
 * values fit the input's columns is known when the test runs ({@code mesh test}), with the same places.
 */
public final class TransformTestsLoader {
  private static final Set<String> TEST_KEYS = Set.of("date", "given", "published", "expect");
  private static final Set<String> GIVEN_KEYS = Set.of("rows", "columns");

  private final MeshConfig config;

  public TransformTestsLoader(MeshConfig config) {
    this.config = config;
  }

  /** The test files of {@code domain}: {@code *.conf} in each directory of the test path, in name order. */
  public List<Path> files(String domain) {
    List<Path> out = new ArrayList<>();
    for (Path dir : directories(domain)) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p)).sorted().forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list the tests in " + dir, e);
      }
    }
    return out;
  }

  /** Where the tests of {@code domain} are looked for. */
  public List<Path> directories(String domain) {
    return config.platform().testPath().stream()
        .map(d -> config.platform().home().resolve(d.replace("{domain}", domain)).normalize())
        .toList();
  }

  /**
   * Every test of every domain of the mesh, by file and then in the order written.
   *
   * @throws ConfigException every problem of every file, when there is one
   */
  public List<TransformTest> load() {
    List<ConfigProblem> problems = new ArrayList<>();
    List<TransformTest> tests = new ArrayList<>();
    Set<String> domains = new TreeSet<>();
    config.all().forEach(p -> domains.add(p.domain()));
    for (String domain : domains) {
      for (Path file : files(domain)) {
        tests.addAll(loadFile(domain, file, problems));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return tests;
  }

  /**
   * Test directories of a domain that declares no product here ({@code jobs/shp/tests} beside domain shop): their tests
   * never run. Not a problem of the configuration (a project may declare some of the domains whose code it holds),
   * but worth a line where tests are run; each with the close domain names. Only a test-path entry with
   * {@code {domain}} as a whole directory can tell.
   */
  public List<String> strayDirectories() {
    Set<String> domains = new TreeSet<>();
    config.all().forEach(p -> domains.add(p.domain()));
    List<String> out = new ArrayList<>();
    for (String entry : config.platform().testPath()) {
      int at = entry.indexOf("{domain}");
      boolean whole = at >= 0 && (at == 0 || entry.charAt(at - 1) == '/')
          && (at + 8 == entry.length() || entry.charAt(at + 8) == '/');
      Path base = whole ? config.platform().home().resolve(at == 0 ? "." : entry.substring(0, at)).normalize() : null;
      if (base == null || !Files.isDirectory(base)) {
        continue;
      }
      String rest = at + 8 == entry.length() ? "" : entry.substring(at + 9);
      try (Stream<Path> dirs = Files.list(base)) {
        for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
          String name = dir.getFileName().toString();
          Path tests = rest.isEmpty() ? dir : dir.resolve(rest);
          if (domains.contains(name) || !Files.isDirectory(tests)) {
            continue;
          }
          try (Stream<Path> files = Files.list(tests)) {
            if (files.anyMatch(f -> f.getFileName().toString().endsWith(".conf"))) {
              String hint = MeshErrors.closest(name, domains).stream().findFirst().map(h -> " (did you mean " + h + "?)").orElse("");
              out.add(ConfigFiles.display(tests.toString()) + ": tests of domain '" + name + "', which declares no product here" + hint);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + base, e);
      }
    }
    return out;
  }

  /**
   * How many tests each product has (products without absent), for what shows a product; empty when a test file does
   * not load ({@code mesh validate} says why).
   */
  public Optional<java.util.SortedMap<ProductId, Integer>> counts() {
    try {
      java.util.SortedMap<ProductId, Integer> out = new java.util.TreeMap<>();
      load().forEach(t -> out.merge(t.product(), 1, Integer::sum));
      return Optional.of(out);
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  private List<TransformTest> loadFile(String domain, Path file, List<ConfigProblem> problems) {
    Origin fileOrigin = new Origin(ConfigFiles.display(file.toString()), -1);
    String name = file.getFileName().toString().replaceFirst("\\.conf$", "");
    Optional<ProductDescriptor> product =
        ProductId.isValidPart(name) ? config.find(new ProductId(domain, name)) : Optional.empty();
    if (product.isEmpty()) {
      String id = domain + "." + name;
      List<String> known = config.all().stream().filter(p -> p.domain().equals(domain)).map(p -> p.id().toString()).toList();
      String hint = MeshErrors.closest(id.toString(), known).stream().findFirst().map(h -> " (did you mean " + h + "?)").orElse("");
      problems.add(new ConfigProblem(fileOrigin, "", "tests of " + id + ", which is not declared" + hint
          + "; a file here is named after the product it tests: <name>.conf for " + domain + ".<name>"));
      return List.of();
    }
    Config c;
    try {
      c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(new ConfigProblem(ConfigReader.toOrigin(e.origin(), fileOrigin), "", MeshConfigLoader.cleanMessage(e)));
      return List.of();
    }
    for (String k : c.root().keySet()) {
      if (!k.equals("tests")) {
        problems.add(new ConfigProblem(ConfigReader.toOrigin(c.getValue(k).origin(), fileOrigin), k,
            "unknown key; a test file holds one tests { <name> { date, given, expect } ... } block"));
      }
    }
    ConfigValue block = c.root().get("tests");
    if (!(block instanceof ConfigObject tests) || tests.isEmpty()) {
      problems.add(new ConfigProblem(block == null ? fileOrigin : ConfigReader.toOrigin(block.origin(), fileOrigin), "tests",
          block == null ? "is required: tests { <name> { date, given, expect } }" : "must hold at least one test: tests { <name> { date, given, expect } }"));
      return List.of();
    }
    List<TransformTest> out = new ArrayList<>();
    // In the order written (HOCON's objects keep none).
    List<Map.Entry<String, ConfigValue>> written = new ArrayList<>(tests.entrySet());
    written.sort(java.util.Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
    for (Map.Entry<String, ConfigValue> e : written) {
      Origin at = ConfigReader.toOrigin(e.getValue().origin(), fileOrigin);
      String key = "tests." + e.getKey();
      if (!(e.getValue() instanceof ConfigObject test)) {
        problems.add(new ConfigProblem(at, key, "must be an object: { date, given, expect }"));
        continue;
      }
      TransformTest parsed = parseTest(product.get(), e.getKey(), test.toConfig(), key, at, problems);
      if (parsed != null) {
        out.add(parsed);
      }
    }
    return out;
  }

  private static TransformTest parseTest(
      ProductDescriptor product, String name, Config test, String key, Origin at, List<ConfigProblem> problems) {
    int before = problems.size();
    ConfigReader r = new ConfigReader(test, key, at, problems);
    r.rejectUnknownKeys(TEST_KEYS);
    LocalDate date = r.requiredString("date") == null ? null
        : r.date("date", null, "must be a date such as 1995-06-01 (the logical date the transform runs for)");
    Map<String, TransformTest.Given> given = given(product, test, r, key, at, problems);
    Optional<List<TransformTest.TestRow>> published = Optional.empty();
    if (test.hasPath("published")) {
      if (!(product.transform() instanceof TransformSpec.JavaClass)) {
        r.problem("published", "a SQL transform reads its inputs only; published rows are for a Java transform that "
            + "builds on its own table (ctx.published())");
      } else {
        published = Optional.of(rows(test.getValue("published"), key + ".published", at, problems));
      }
    }
    List<TransformTest.TestRow> expect = List.of();
    if (!test.hasPath("expect")) {
      r.problem("", "has no expect = [ ... ]: the rows the transform must produce (expect = [] for none)");
    } else {
      expect = rows(test.getValue("expect"), key + ".expect", at, problems);
      sameColumns(expect, key + ".expect", problems);
    }
    if (problems.size() > before) {
      return null;
    }
    return new TransformTest(product.id(), name, date, given, published, expect, at);
  }

  /** The rows given for each input, by alias in the order the product declares them; each input must be given. */
  private static Map<String, TransformTest.Given> given(
      ProductDescriptor product, Config test, ConfigReader r, String key, Origin at, List<ConfigProblem> problems) {
    List<String> aliases = product.inputs().stream().map(InputSpec::alias).toList();
    Map<String, TransformTest.Given> out = new LinkedHashMap<>();
    if (!test.hasPath("given")) {
      if (!aliases.isEmpty()) {
        r.problem("", "has no given { ... }: rows for each input of " + product.id() + " (" + String.join(", ", aliases) + ")");
      }
      return out;
    }
    ConfigValue g = test.getValue("given");
    Origin givenAt = ConfigReader.toOrigin(g.origin(), at);
    if (!(g instanceof ConfigObject inputs)) {
      problems.add(new ConfigProblem(givenAt, key + ".given", "must be an object: one entry per input, e.g. given { "
          + (aliases.isEmpty() ? "orders" : aliases.get(0)) + " = [ { ... } ] }"));
      return out;
    }
    Map<String, TransformTest.Given> byAlias = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : inputs.entrySet()) {
      String alias = e.getKey();
      String k = key + ".given." + alias;
      Origin inAt = ConfigReader.toOrigin(e.getValue().origin(), givenAt);
      if (!aliases.contains(alias)) {
        String hint = MeshErrors.closest(alias, aliases).stream().findFirst().map(h -> " (did you mean '" + h + "'?)").orElse("");
        problems.add(new ConfigProblem(inAt, k, "not an input of " + product.id() + hint + "; its inputs: "
            + (aliases.isEmpty() ? "none" : String.join(", ", aliases))));
        continue;
      }
      byAlias.put(alias, givenInput(alias, e.getValue(), k, inAt, problems));
    }
    for (String alias : aliases) {
      if (byAlias.containsKey(alias)) {
        out.put(alias, byAlias.get(alias));
      } else if (inputs.keySet().stream().allMatch(aliases::contains)) {
        problems.add(new ConfigProblem(givenAt, key + ".given",
            "input '" + alias + "' is given no rows: add " + alias + " = [ { ... } ], or " + alias + " = [] for none"));
      }
    }
    return out;
  }

  /** {@code alias = [rows]}, or {@code alias { columns { c = type }, rows = [...] }}. */
  private static TransformTest.Given givenInput(String alias, ConfigValue v, String key, Origin at, List<ConfigProblem> problems) {
    if (v instanceof ConfigList) {
      return new TransformTest.Given(alias, rows(v, key, at, problems), Map.of(), at);
    }
    if (!(v instanceof ConfigObject o)) {
      problems.add(new ConfigProblem(at, key, "must be a list of rows, [ { column = value, ... } ], or an object "
          + "{ columns { column = type }, rows = [ ... ] }"));
      return new TransformTest.Given(alias, List.of(), Map.of(), at);
    }
    ConfigReader r = new ConfigReader(o.toConfig(), key, at, problems);
    r.rejectUnknownKeys(GIVEN_KEYS);
    Map<String, String> columns = new LinkedHashMap<>();
    if (o.get("columns") instanceof ConfigObject declared) {
      for (Map.Entry<String, ConfigValue> c : declared.entrySet()) {
        if (c.getValue().valueType() != ConfigValueType.STRING) {
          problems.add(new ConfigProblem(ConfigReader.toOrigin(c.getValue().origin(), at), key + ".columns." + c.getKey(),
              "must be a Spark SQL type such as bigint, string, date or \"decimal(15,2)\""));
          continue;
        }
        columns.put(c.getKey(), (String) c.getValue().unwrapped());
      }
    } else if (o.containsKey("columns")) {
      r.problem("columns", "must be an object of column = type, e.g. columns { id = bigint, name = string }");
    }
    List<TransformTest.TestRow> rows = List.of();
    if (!o.containsKey("rows")) {
      r.problem("", "has no rows = [ ... ] (rows = [] for none)");
    } else {
      rows = rows(o.get("rows"), key + ".rows", at, problems);
    }
    return new TransformTest.Given(alias, rows, columns, at);
  }

  private static List<TransformTest.TestRow> rows(ConfigValue v, String key, Origin at, List<ConfigProblem> problems) {
    Origin listAt = ConfigReader.toOrigin(v.origin(), at);
    if (!(v instanceof ConfigList list)) {
      problems.add(new ConfigProblem(listAt, key, "must be a list of rows, [ { column = value, ... } ]"));
      return List.of();
    }
    List<TransformTest.TestRow> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue row = list.get(i);
      Origin rowAt = ConfigReader.toOrigin(row.origin(), listAt);
      if (!(row instanceof ConfigObject o)) {
        problems.add(new ConfigProblem(rowAt, key + "[" + i + "]", "must be an object of column = value, e.g. { id = 1, name = \"a\" }"));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, Origin> keys = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
        values.put(e.getKey(), e.getValue().unwrapped());
        keys.put(e.getKey(), ConfigReader.toOrigin(e.getValue().origin(), rowAt));
      }
      out.add(new TransformTest.TestRow(values, rowAt, keys));
    }
    return out;
  }

  /** Expected rows compare the columns they name: every row names the same ones. */
  private static void sameColumns(List<TransformTest.TestRow> rows, String key, List<ConfigProblem> problems) {
    if (rows.isEmpty()) {
      return;
    }
    Set<String> first = rows.get(0).values().keySet();
    for (int i = 1; i < rows.size(); i++) {
      Set<String> these = rows.get(i).values().keySet();
      if (!these.equals(first)) {
        problems.add(new ConfigProblem(rows.get(i).at(), key + "[" + i + "]",
            "names columns " + these + ", the first expected row " + first
                + ": every expected row names the same columns (those compared; null where a value is none)"));
      }
    }
  }
}
