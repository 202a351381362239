package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import analyst.PiiLeakScan;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Governance outside mesh, on the embedded default: after the demo, a plain Spark session (no mesh routing: tables by
 * their storage path and Iceberg catalog name) reading every table outside the domains' internal namespaces finds no
 * clear PII value of any domain.
 */
class PiiLeakTest {

  @Test
  void noTableOutsideTheInternalNamespacesHoldsAClearPiiValue() throws IOException {
    DemoRun run = DemoRun.get();
    SparkSession plain = run.spark().newSession();
    String deltaRoot = run.ctx().config().platform().deltaRoot();
    String iceberg = run.ctx().config().platform().iceberg().name();

    // The clear values: every PII column of every product's internal table.
    Map<String, List<String>> clear = new TreeMap<>();
    for (ProductDescriptor d : run.ctx().config().all()) {
      List<String> pii = d.schema().columns().stream().filter(ColumnSpec::pii).map(ColumnSpec::name).toList();
      if (!pii.isEmpty()) {
        clear.put(name(d.output().format() == dev.mesh.model.TableFormat.DELTA, OutputPorts.of(d).internal().toString(), deltaRoot, iceberg), pii);
      }
    }
    assertThat(clear).hasSizeGreaterThanOrEqualTo(3);

    // Every table of the warehouse, Delta folders and Iceberg catalog alike.
    List<String> internal = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    try (Stream<Path> namespaces = Files.list(Path.of(deltaRoot))) {
      for (Path ns : namespaces.sorted().toList()) {
        try (Stream<Path> tables = Files.list(ns)) {
          for (Path t : tables.filter(t -> Files.isDirectory(t.resolve("_delta_log"))).sorted().toList()) {
            (ns.getFileName().toString().endsWith(OutputPorts.INTERNAL_SUFFIX) ? internal : outside)
                .add(name(true, ns.getFileName() + "." + t.getFileName(), deltaRoot, iceberg));
          }
        }
      }
    }
    for (Row ns : plain.sql("SHOW NAMESPACES IN " + iceberg).collectAsList()) {
      for (Row t : plain.sql("SHOW TABLES IN " + iceberg + ".`" + ns.getString(0) + "`").collectAsList()) {
        (ns.getString(0).endsWith(OutputPorts.INTERNAL_SUFFIX) ? internal : outside)
            .add(name(false, ns.getString(0) + "." + t.getString(1), deltaRoot, iceberg));
      }
    }
    assertThat(internal).containsAll(clear.keySet());
    assertThat(outside).anyMatch(t -> t.contains("/customers/profile`")).anyMatch(t -> t.contains("/mesh/runs`"))
        .noneMatch(t -> t.contains("_internal"));

    PiiLeakScan.Result result = PiiLeakScan.scan(plain, clear, outside);

    assertThat(result.clearValues()).as("clear values collected").isGreaterThan(2500);
    assertThat(result.scanned()).hasSize(outside.size());
    assertThat(result.leaks()).as("clear PII outside the internal namespaces").isEmpty();
    // The scan finds what is there: the internal tables themselves are full of it.
    assertThat(PiiLeakScan.scan(plain, clear, internal).leaks()).hasSizeGreaterThan(2500);
  }

  /**
   * The scan looks inside longer texts (an error message, a comment) too: a clear value of at least 8 characters
   * found anywhere in a text over 40 is reported once per text and column, a value as it is wherever it stands, and
   * shorter values only as they are.
   */
  @Test
  void theScanFindsClearValuesInsideLongerTexts() {
    SparkSession spark = dev.mesh.testing.TestSpark.session().newSession();
    spark.sql("SELECT * FROM VALUES ('alice.smith@example.com'), ('bob@x.io'), ('short') AS t(email)")
        .createOrReplaceTempView("leak_scan_clear");
    spark.sql("SELECT * FROM VALUES "
            + "('run failed: duplicate key alice.smith@example.com in sales.orders, see the logs'), "
            + "('bob@x.io wrote to bob@x.io about the order that was short of two parts'), "
            + "('a long text with nothing personal in it at all, only padding here'), "
            + "('bob@x.io'), ('alice.smith@example') AS t(message)")
        .createOrReplaceTempView("leak_scan_outside");

    PiiLeakScan.Result result =
        PiiLeakScan.scan(spark, Map.of("leak_scan_clear", List.of("email")), List.of("leak_scan_outside"));

    assertThat(result.clearValues()).isEqualTo(3);
    assertThat(result.leaks()).containsExactlyInAnyOrder(
        "leak_scan_outside.message: ...alice.smith@example.com...",
        "leak_scan_outside.message: ...bob@x.io...",
        "leak_scan_outside.message: bob@x.io");
  }

  private static String name(boolean delta, String table, String deltaRoot, String iceberg) {
    if (delta) {
      return "delta.`" + deltaRoot + "/" + table.replace('.', '/') + "`";
    }
    int dot = table.indexOf('.');
    return iceberg + ".`" + table.substring(0, dot) + "`.`" + table.substring(dot + 1) + "`";
  }
}
