package dev.mesh.source.tpch;

import dev.mesh.api.SourceConnector;
import dev.mesh.errors.MeshErrors;
import io.trino.tpch.TpchTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * TPC-H data generated on the fly with the TPC-H generator, in Spark tasks (one per part), for demos and
 * benchmarks: {@code { source = tpch, table = orders, daily = true }}.
 *
 * <p>Options: {@code table} (customer, orders, lineitem, part, partsupp, supplier, nation, region), {@code scale}
 * (scale factor, default from {@code mesh.sources.tpch.scale}), {@code daily} (orders and lineitem: only the orders
 * placed on the logical date, and their line items), {@code evolving} (customer: a few customers change segment and
 * balance each day, deterministically, so history products have something to track), {@code parts} (generator
 * parts, default one per 0.125 of scale), {@code faults} (a comma-separated list of deliberate data faults, to see
 * quality gates at work: {@code bad-status} gives every second order the status {@code X}; {@code negative-prices}
 * makes every second order's total price negative), {@code text-pool-mb} (the size of the text the comment columns
 * are cut from; default 300, dbgen's, which takes about 4 s of CPU to generate in every JVM that generates rows; a
 * smaller pool changes the comments' text only).
 */
public final class TpchSource implements SourceConnector {
  /** Every option {@link #read} reads (TpchSourceOptionsTest holds the two together). */
  static final Set<String> OPTIONS = Set.of("table", "scale", "daily", "evolving", "parts", "faults", "text-pool-mb");

  @Override
  public String type() {
    return "tpch";
  }

  @Override
  public Optional<Set<String>> declaredOptions() {
    return Optional.of(OPTIONS);
  }

  /** Every value a run would refuse, found without a run: the table, the numbers, the flags, the faults. */
  @Override
  public Map<String, String> optionProblems(Map<String, String> options) {
    Map<String, String> out = new TreeMap<>();
    String table = options.get("table");
    if (table != null) {
      List<String> known = TpchTable.getTables().stream().map(TpchTable::getTableName).sorted().toList();
      if (!known.contains(table.toLowerCase(Locale.ROOT))) {
        List<String> close = MeshErrors.closest(table.toLowerCase(Locale.ROOT), known);
        out.put("table", "unknown TPC-H table '" + table + "'; known: " + String.join(", ", known)
            + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)"));
      }
    }
    positive(options, "scale", false, "a scale factor such as 0.01 or 1", out);
    positive(options, "parts", true, "a whole number of generator parts", out);
    for (String flag : List.of("daily", "evolving")) {
      String v = options.get(flag);
      if (v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        out.put(flag, "must be true or false, got '" + v + "'");
      }
    }
    Set<String> unknown = new TreeSet<>(faults(options));
    unknown.removeAll(TpchPartGenerator.FAULTS);
    if (!unknown.isEmpty()) {
      out.put("faults", "unknown TPC-H faults " + unknown + "; known: " + new TreeSet<>(TpchPartGenerator.FAULTS));
    }
    String pool = options.get("text-pool-mb");
    if (pool != null && textPoolMb(pool) == 0) {
      out.put("text-pool-mb", "must be a whole number of MB from 1 to 2047, not '" + pool + "' (dbgen's is "
          + TpchPartGenerator.SPEC_TEXT_POOL_MB + ")");
    }
    return out;
  }

  private static void positive(Map<String, String> options, String key, boolean whole, String what, Map<String, String> out) {
    String v = options.get(key);
    if (v == null) {
      return;
    }
    try {
      double d = whole ? Integer.parseInt(v.trim()) : Double.parseDouble(v.trim());
      if (d > 0 && Double.isFinite(d)) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    out.put(key, "must be " + what + " above 0, got '" + v + "'");
  }

  private static Set<String> faults(Map<String, String> options) {
    Set<String> faults = new TreeSet<>();
    for (String f : options.getOrDefault("faults", "").split(",")) {
      if (!f.isBlank()) {
        faults.add(f.trim());
      }
    }
    return faults;
  }

  /** The text pool's size in MB, or 0 when {@code text} is not a whole number from 1 to 2047. */
  private static int textPoolMb(String text) {
    try {
      int mb = Integer.parseInt(text.trim());
      return mb >= 1 && mb <= 2047 ? mb : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public Dataset<Row> read(SourceRequest request) {
    // A job jar checks its options here (sql-check = run); bin/mesh found these when it loaded the configuration.
    Map<String, String> problems = optionProblems(request.options());
    if (!problems.isEmpty()) {
      Map.Entry<String, String> first = problems.entrySet().iterator().next();
      throw new IllegalArgumentException(
          "Input '" + request.alias() + "' of " + request.productId() + ": option " + first.getKey() + ": " + first.getValue());
    }
    String table = request.option("table");
    double scale = Double.parseDouble(request.option("scale", "0.01"));
    boolean daily = Boolean.parseBoolean(request.option("daily", "false"));
    boolean evolving = Boolean.parseBoolean(request.option("evolving", "false"));
    TpchTableSpec spec = TpchTableSpec.of(table, request.productId(), request.alias());
    int parts = Integer.parseInt(request.option("parts", String.valueOf(defaultParts(scale, spec))));
    long day = request.logicalDate().toEpochDay();
    Set<String> faults = faults(request.options());
    int textPoolMb = textPoolMb(request.option("text-pool-mb", String.valueOf(TpchPartGenerator.SPEC_TEXT_POOL_MB)));
    TpchPartGenerator generator =
        new TpchPartGenerator(spec.name(), scale, parts, daily, evolving, day, faults, textPoolMb);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(request.spark().sparkContext());
    List<Integer> partNumbers = IntStream.rangeClosed(1, parts).boxed().toList();
    JavaRDD<Row> rows = jsc.parallelize(partNumbers, parts).flatMap(generator::rows);
    return request.spark().createDataFrame(rows, spec.schema());
  }

  private static int defaultParts(double scale, TpchTableSpec spec) {
    if (spec.small()) {
      return 1;
    }
    return (int) Math.max(1, Math.min(64, Math.ceil(scale * 8)));
  }
}
