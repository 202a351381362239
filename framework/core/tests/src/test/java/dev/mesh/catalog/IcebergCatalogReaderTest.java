package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.config.IcebergCatalogConfig;
import dev.mesh.errors.MeshException;
import dev.mesh.storage.IcebergTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.SparkJobs;
import dev.mesh.testing.TempDirs;
import dev.mesh.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Iceberg catalog tables (a shared deployment's) read with Iceberg's core API, as the metadata commands read them
 * without a Spark session: the same rows and values Spark reads, from files either writer wrote; a column or table
 * not there yet reads as nothing.
 */
class IcebergCatalogReaderTest {

  @Test
  void readsTheRowsAndValuesSparkReadsWithoutASparkJob() throws Exception {
    SparkSession spark = TestSpark.session();
    Path warehouse = TempDirs.create("ice_reader");
    String name = "ice_reader";
    spark.conf().set("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog." + name + ".type", "hadoop");
    spark.conf().set("spark.sql.catalog." + name + ".warehouse", warehouse.toUri().toString());
    IcebergTableStore store = new IcebergTableStore(spark, name);
    CatalogReader core = new IcebergCatalogReader(new IcebergCatalogConfig(name, "hadoop", warehouse.toUri().toString(), "", Map.of()), Map.of());

    // Nothing created yet: every table reads as no rows, and asking creates nothing.
    for (CatalogTable t : CatalogTable.values()) {
      assertThat(core.read(t, List.of("run_id", "product"))).as(t.qualifiedName()).isEmpty();
    }
    CatalogStore catalog = new CatalogStore(spark, store, true);
    catalog.ensureCreated();
    // Rows of every kind of value, through the direct writer, then one through Spark.
    CatalogAppends.appendEveryKindOfValueAndReadItBack(catalog, () -> {});
    new CatalogStore(spark, store, false).append(CatalogTable.RUNS, List.of(CatalogAppends.run("by-spark")));
    catalog.append(CatalogTable.RUNS, List.of(CatalogAppends.run("direct")));

    CatalogReader bySpark = new SparkCatalogReader(catalog);
    List<List<CatalogRow>> read = new ArrayList<>();
    int jobs =
        SparkJobs.startedBy(
            spark,
            () -> {
              for (CatalogTable t : List.of(CatalogTable.RUNS, CatalogTable.QUALITY)) {
                read.add(core.read(t, Arrays.asList(t.schema().fieldNames())));
              }
            });

    assertThat(jobs).as("Spark jobs started by the core reader").isZero();
    assertThat(read.get(0)).hasSize(3);
    assertThat(rows(read.get(0))).isEqualTo(rows(bySpark.read(CatalogTable.RUNS, Arrays.asList(CatalogTable.RUNS.schema().fieldNames()))));
    assertThat(read.get(1)).hasSize(1);
    assertThat(rows(read.get(1))).isEqualTo(rows(bySpark.read(CatalogTable.QUALITY, Arrays.asList(CatalogTable.QUALITY.schema().fieldNames()))));
    CatalogRow r1 = read.get(0).stream().filter(r -> "r1".equals(r.string("run_id"))).findFirst().orElseThrow();
    assertThat(r1.instant("started_at")).isEqualTo(java.sql.Timestamp.valueOf("2024-03-01 10:15:30.123456").toInstant());
    assertThat(r1.date("logical_date")).isEqualTo(java.time.LocalDate.parse("1995-06-01"));
    assertThat(r1.strings("warnings")).containsExactly("first", "second");

    // A column this warehouse does not have reads as null; rows the predicate drops are not returned.
    List<CatalogRow> some = core.read(CatalogTable.RUNS, List.of("run_id", "no_such_column"), r -> !"direct".equals(r.string("run_id")));
    assertThat(some).extracting(r -> r.string("run_id")).containsExactlyInAnyOrder("r1", "by-spark");
    assertThat(some).allMatch(r -> r.isNull("no_such_column"));
  }

  @Test
  void aTableTheCatalogCannotLoadIsOneErrorNamingTheTableAndTheCatalog() throws Exception {
    Path warehouse = TempDirs.create("ice_reader_broken");
    try (HadoopCatalog hadoop = new HadoopCatalog(new Configuration(), warehouse.toUri().toString())) {
      hadoop.createTable(
          TableIdentifier.of(TableLayout.CATALOG_NAMESPACE, CatalogTable.RUNS.tableName()),
          new Schema(Types.NestedField.optional(1, "run_id", Types.StringType.get())));
    }
    // The table is there, but its metadata file is not readable (a half-copied warehouse, a store returning garbage).
    try (Stream<Path> files = Files.list(warehouse.resolve(TableLayout.CATALOG_NAMESPACE).resolve(CatalogTable.RUNS.tableName()).resolve("metadata"))) {
      List<Path> metadata = files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).toList();
      assertThat(metadata).isNotEmpty();
      for (Path f : metadata) {
        Files.writeString(f, "{ not json");
      }
    }
    CatalogReader core = new IcebergCatalogReader(new IcebergCatalogConfig("ice_broken", "hadoop", warehouse.toUri().toString(), "", Map.of()), Map.of());

    assertThatThrownBy(() -> core.read(CatalogTable.RUNS, List.of("run_id")))
        .isInstanceOf(MeshException.class)
        .hasMessageStartingWith("could not load " + CatalogTable.RUNS.qualifiedName() + " from the Iceberg catalog ice_broken: ");
  }

  private static Set<Map<String, Object>> rows(List<CatalogRow> rows) {
    Set<Map<String, Object>> out = new HashSet<>();
    rows.forEach(r -> out.add(r.values()));
    return out;
  }
}
