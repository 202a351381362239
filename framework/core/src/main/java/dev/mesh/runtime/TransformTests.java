package dev.mesh.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.SqlLocator;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TransformTest;
import dev.mesh.source.SourceConnectors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a product's transform on a test's rows alone ({@link TransformTest}) and compares what it produces with the
 * rows the test expects: no table is read or written, no run is recorded. Each input is given the columns a run would
 * give it ({@link InputShapes}: an upstream product's contract, through its output port where this domain reads the
 * port; a source's schema), filled with the test's rows; the output must keep the product's contract, then match the
 * expected rows in any order, on the columns they name. Doubles are compared to 12 significant digits.
 */
public final class TransformTests {
  /** What one test found. */
  public sealed interface Outcome {
    /** The transform produced the expected rows. */
    record Passed(int rows) implements Outcome {}

    /**
     * It did not: why, and for rows that differ, the columns compared and the rows on each side (as displayed).
     *
     * @param missing expected rows the transform did not produce
     * @param unexpected rows it produced that were not expected
     */
    record Failed(String reason, List<String> columns, List<List<String>> missing, List<List<String>> unexpected)
        implements Outcome {
      Failed(String reason) {
        this(reason, List.of(), List.of(), List.of());
      }
    }

    /** The test does not fit the product: a column its input or output does not have, a value not of its type. */
    record Invalid(List<ConfigProblem> problems) implements Outcome {}
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MathContext DOUBLE_DIGITS = new MathContext(12);

  private final SparkSession spark;
  private final MeshConfig config;
  private final InputShapes shapes;
  private final SqlLocator sqlLocator;
  private final TransformRunner transforms = new TransformRunner();

  /** Needs no store or catalog: a test reads and writes no table (see {@code Mesh.transformTests}). */
  public TransformTests(SparkSession spark, MeshConfig config, SourceConnectors sources) {
    this.spark = spark;
    this.config = config;
    this.shapes = new InputShapes(config, sources);
    this.sqlLocator = new SqlLocator(config.platform().home(), config.platform().sqlPath());
  }

  public Outcome run(TransformTest test) {
    ProductDescriptor product = config.product(test.product().toString());
    String key = "tests." + test.name();
    // A session of its own, as a run has: one test's input views never meet another's.
    SparkSession session = spark.newSession();
    TransformRunner.Prepared prepared;
    try {
      prepared = transforms.prepare(product, sqlLocator);
    } catch (MeshException e) {
      return new Outcome.Failed(e.getMessage());
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
    for (InputSpec in : product.inputs()) {
      TransformTest.Given given = test.given().get(in.alias());
      String at = key + ".given." + in.alias() + (given.columns().isEmpty() ? "" : ".rows");
      StructType columns = columnsOf(session, product, in, given, test.date(), key + ".given." + in.alias(), problems);
      Dataset<Row> rows = columns == null ? null : frame(session, columns, given.rows(), at, "input '" + in.alias() + "'", problems);
      if (rows != null) {
        String source = in instanceof InputSpec.SourceInput s ? s.type() : null;
        var upstream = in instanceof InputSpec.ProductInput p ? p.product() : null;
        inputs.put(in.alias(), new ResolvedInput(in.alias(), upstream, null, null, source, rows));
      }
    }
    Optional<Dataset<Row>> published =
        test.published().map(rows -> frame(session, InputShapes.struct(product.schema()), rows, key + ".published",
            "the published table of " + product.id(), problems));
    if (!problems.isEmpty()) {
      return new Outcome.Invalid(problems);
    }
    Dataset<Row> output;
    try {
      output = prepared.apply(session, product, inputs, test.date(), InputShapes.NO_RUN_ID, () -> published);
    } catch (MeshException e) {
      return new Outcome.Failed(e.getMessage());
    } catch (Exception e) { // a Java transform's own failure; SparkException, undeclared
      return new Outcome.Failed("the transform failed: " + MeshErrors.rootMessage(e));
    }
    List<String> differences = ContractCheck.differences(output.schema(), product.schema());
    if (!differences.isEmpty()) {
      return new Outcome.Failed("what it produces breaks the contract of " + product.id() + ": " + String.join("; ", differences));
    }
    StructType compared = compared(output.schema(), test, key, problems);
    List<Row> expected = compared == null ? null : rows(session, compared, test.expect(), key + ".expect", "the output of " + product.id(), problems);
    if (!problems.isEmpty()) {
      return new Outcome.Invalid(problems);
    }
    List<Row> actual;
    try {
      actual = output.select(columns(compared)).collectAsList();
    } catch (Exception e) { // SparkException, undeclared
      return new Outcome.Failed("the transform failed: " + MeshErrors.rootMessage(e));
    }
    return compare(compared, expected, actual);
  }

  /** The columns an input's rows fit: the test's own for the input, else those a run would give it. */
  private StructType columnsOf(
      SparkSession session, ProductDescriptor product, InputSpec in, TransformTest.Given given, LocalDate date, String key,
      List<ConfigProblem> problems) {
    if (!given.columns().isEmpty()) {
      StructType out = new StructType();
      boolean ok = true;
      for (Map.Entry<String, String> c : given.columns().entrySet()) {
        try {
          out = out.add(c.getKey(), DataType.fromDDL(c.getValue()));
        } catch (RuntimeException e) {
          ok = false;
          problems.add(new ConfigProblem(given.at(), key + ".columns." + c.getKey(),
              "'" + c.getValue() + "' is not a Spark SQL type (e.g. bigint, string, date, \"decimal(15,2)\")"));
        }
      }
      return ok ? out : null;
    }
    if (in instanceof InputSpec.ProductInput p) {
      Optional<ResolvedInput> shape = shapes.product(session, product, p);
      if (shape.isEmpty()) {
        problems.add(new ConfigProblem(given.at(), key, "input '" + in.alias() + "' is " + p.product() + ", which "
            + product.domain() + " may not read (bin/mesh validate says why)"));
        return null;
      }
      return shape.get().data().schema();
    }
    InputSpec.SourceInput s = (InputSpec.SourceInput) in;
    try {
      return shapes.source(session, product, s, date).data().schema();
    } catch (RuntimeException e) {
      problems.add(new ConfigProblem(given.at(), key, "the columns of source input '" + in.alias() + "' (" + s.type()
          + ") are known only from its data: declare them, " + in.alias()
          + " { columns { <name> = <type>, ... }, rows = [ ... ] } (its connector, asked for " + date + ": "
          + MeshErrors.rootMessage(e) + ")"));
      return null;
    }
  }

  /** The output's columns the expected rows name (all of them when no row is expected), in the output's order. */
  private static StructType compared(StructType output, TransformTest test, String key, List<ConfigProblem> problems) {
    if (test.expect().isEmpty()) {
      return output.asNullable();
    }
    TransformTest.TestRow first = test.expect().get(0);
    Map<String, StructField> byName = new HashMap<>();
    for (StructField f : output.fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    List<String> named = new ArrayList<>();
    boolean ok = true;
    for (String c : first.values().keySet()) {
      StructField f = byName.get(c.toLowerCase(Locale.ROOT));
      if (f == null) {
        ok = false;
        problems.add(new ConfigProblem(first.originOf(c), key + ".expect[0]." + c,
            notAColumn(c, "of the output of " + test.product(), output)));
      } else {
        named.add(f.name());
      }
    }
    if (!ok) {
      return null;
    }
    StructType out = new StructType();
    for (StructField f : output.fields()) {
      if (named.contains(f.name())) {
        out = out.add(f.name(), f.dataType(), true);
      }
    }
    return out;
  }

  private static Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames())
        .map(n -> functions.col("`" + n.replace("`", "``") + "`"))
        .toArray(Column[]::new);
  }

  private Dataset<Row> frame(
      SparkSession session, StructType columns, List<TransformTest.TestRow> given, String key, String what,
      List<ConfigProblem> problems) {
    List<Row> rows = rows(session, columns.asNullable(), given, key, what, problems);
    return rows == null ? null : session.createDataFrame(rows, columns.asNullable());
  }

  /**
   * The rows as values of {@code schema}'s types, read as Spark reads JSON (a date as "1995-06-01", a decimal as a
   * number or a string, a struct as an object, an array as a list); a column a row does not name is null. Null, with
   * a problem at the value's line, when a row names a column {@code schema} lacks or a value is not of its type.
   */
  private static List<Row> rows(
      SparkSession session, StructType schema, List<TransformTest.TestRow> rows, String key, String what,
      List<ConfigProblem> problems) {
    Map<String, String> byLower = new HashMap<>();
    for (String f : schema.fieldNames()) {
      byLower.put(f.toLowerCase(Locale.ROOT), f);
    }
    int before = problems.size();
    List<Map<String, Object>> named = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      TransformTest.TestRow row = rows.get(i);
      Map<String, Object> values = new LinkedHashMap<>();
      for (Map.Entry<String, Object> v : row.values().entrySet()) {
        String field = byLower.get(v.getKey().toLowerCase(Locale.ROOT));
        if (field == null) {
          problems.add(new ConfigProblem(row.originOf(v.getKey()), key + "[" + i + "]." + v.getKey(),
              notAColumn(v.getKey(), "of " + what, schema)));
        } else {
          values.put(field, v.getValue());
        }
      }
      named.add(values);
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return read(session, schema, named);
    } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared from Scala
      // Which value: each row's values one at a time, only now that one is wrong.
      for (int i = 0; i < named.size(); i++) {
        for (Map.Entry<String, Object> v : named.get(i).entrySet()) {
          if (v.getValue() == null) {
            continue;
          }
          StructField f = schema.apply(v.getKey());
          try {
            read(session, new StructType().add(f), List.of(Map.of(v.getKey(), v.getValue())));
          } catch (Exception wrong) {
            problems.add(new ConfigProblem(rows.get(i).originOf(v.getKey()), key + "[" + i + "]." + v.getKey(),
                shown(v.getValue()) + " is not a value of type " + f.dataType().sql().toLowerCase(Locale.ROOT)
                    + " (column " + f.name() + " of " + what + ")"));
          }
        }
      }
      if (problems.size() == before) {
        problems.add(new ConfigProblem(rows.isEmpty() ? null : rows.get(0).at(), key, "rows of " + what + " do not fit its columns: "
            + MeshErrors.rootMessage(e)));
      }
      return null;
    }
  }

  private static List<Row> read(SparkSession session, StructType schema, List<Map<String, Object>> rows) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      try {
        lines.add(JSON.writeValueAsString(r));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e.getOriginalMessage(), e);
      }
    }
    if (lines.isEmpty()) {
      return List.of();
    }
    return session.read().schema(schema).option("mode", "FAILFAST")
        .json(session.createDataset(lines, Encoders.STRING())).collectAsList();
  }

  private static String notAColumn(String name, String what, StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    String hint = MeshErrors.closest(name, names).stream().findFirst().map(h -> " (did you mean '" + h + "'?)").orElse("");
    return "'" + name + "' is not a column " + what + hint + "; its columns: " + String.join(", ", names);
  }

  private static String shown(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  /** Equal as multisets of rows: each row as many times on each side. */
  private static Outcome compare(StructType columns, List<Row> expected, List<Row> actual) {
    Map<List<Object>, Integer> left = new HashMap<>();
    for (Row r : expected) {
      left.merge(normalized(r), 1, Integer::sum);
    }
    List<List<String>> unexpected = new ArrayList<>();
    for (Row r : actual) {
      List<Object> n = normalized(r);
      Integer count = left.get(n);
      if (count == null) {
        unexpected.add(displayed(r));
      } else if (count == 1) {
        left.remove(n);
      } else {
        left.put(n, count - 1);
      }
    }
    List<List<String>> missing = new ArrayList<>();
    for (Row r : expected) {
      List<Object> n = normalized(r);
      Integer count = left.get(n);
      if (count != null) {
        missing.add(displayed(r));
        if (count == 1) {
          left.remove(n);
        } else {
          left.put(n, count - 1);
        }
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return new Outcome.Passed(actual.size());
    }
    java.util.Comparator<List<String>> byText = java.util.Comparator.comparing(Object::toString);
    missing.sort(byText);
    unexpected.sort(byText);
    return new Outcome.Failed(
        (missing.isEmpty() ? "" : missing.size() + (missing.size() == 1 ? " expected row was" : " expected rows were") + " not produced")
            + (missing.isEmpty() || unexpected.isEmpty() ? "" : ", ")
            + (unexpected.isEmpty() ? "" : unexpected.size() + (unexpected.size() == 1 ? " row was" : " rows were") + " produced and not expected")
            + " (" + actual.size() + " produced, " + expected.size() + " expected)",
        List.of(columns.fieldNames()), missing, unexpected);
  }

  private static List<Object> normalized(Row r) {
    List<Object> out = new ArrayList<>(r.length());
    for (int i = 0; i < r.length(); i++) {
      out.add(normalized(r.get(i)));
    }
    return out;
  }

  private static Object normalized(Object v) {
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d : new BigDecimal(d).round(DOUBLE_DIGITS).stripTrailingZeros();
    }
    if (v instanceof Float f) {
      return normalized(Double.valueOf(f.toString()));
    }
    if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros();
    }
    if (v instanceof byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
    if (v instanceof Row r) {
      return normalized(r);
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      Map<Object, Object> out = new HashMap<>();
      for (scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = m.iterator(); it.hasNext(); ) {
        scala.Tuple2<?, ?> e = it.next();
        out.put(normalized(e._1()), normalized(e._2()));
      }
      return out;
    }
    if (v instanceof scala.collection.Iterable<?> s) {
      List<Object> out = new ArrayList<>();
      for (scala.collection.Iterator<?> it = s.iterator(); it.hasNext(); ) {
        out.add(normalized(it.next()));
      }
      return out;
    }
    return v;
  }

  private static List<String> displayed(Row r) {
    List<String> out = new ArrayList<>(r.length());
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      out.add(v == null ? null : v instanceof BigDecimal b ? b.toPlainString() : v instanceof scala.collection.Iterable<?> s ? s.mkString("[", ", ", "]") : String.valueOf(v));
    }
    return out;
  }
}
