package dev.mesh.source.tpch;

import dev.mesh.api.SourceConnector;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  @Override
  public Dataset<Row> read(SourceRequest request) {
    String table = request.option("table");
    double scale = Double.parseDouble(request.option("scale", "0.01"));
    boolean daily = Boolean.parseBoolean(request.option("daily", "false"));
    boolean evolving = Boolean.parseBoolean(request.option("evolving", "false"));
    TpchTableSpec spec = TpchTableSpec.of(table, request.productId(), request.alias());
    int parts = Integer.parseInt(request.option("parts", String.valueOf(defaultParts(scale, spec))));
    long day = request.logicalDate().toEpochDay();

    Set<String> faults = new TreeSet<>();
    for (String f : request.option("faults", "").split(",")) {
      if (!f.isBlank()) {
        faults.add(f.trim());
      }
    }
    Set<String> unknown = new TreeSet<>(faults);
    unknown.removeAll(TpchPartGenerator.FAULTS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Input '" + request.alias() + "' of " + request.productId() + ": unknown TPC-H faults " + unknown
              + "; known: " + TpchPartGenerator.FAULTS);
    }
    String pool = request.option("text-pool-mb", String.valueOf(TpchPartGenerator.SPEC_TEXT_POOL_MB));
    int textPoolMb;
    try {
      textPoolMb = Integer.parseInt(pool.trim());
    } catch (NumberFormatException e) {
      textPoolMb = 0;
    }
    if (textPoolMb < 1 || textPoolMb > 2047) {
      throw new IllegalArgumentException(
          "Input '" + request.alias() + "' of " + request.productId() + ": TPC-H text-pool-mb must be a whole number of MB"
              + " from 1 to 2047, not '" + pool + "' (dbgen's is " + TpchPartGenerator.SPEC_TEXT_POOL_MB + ")");
    }
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
