package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.storage.IcebergTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.TempDirs;
import dev.mesh.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Catalog tables kept in an Iceberg catalog (a shared deployment's) take their rows through Iceberg's own API, without
 * a Spark job: exactly the values Spark reads back, alongside Spark writers without losing a row, and through Spark
 * (with schema evolution) when the table is an older mesh's. Each test has an Iceberg catalog of its own.
 */
class IcebergCatalogAppendsTest {

  @Test
  void aDirectAppendWritesExactlyTheValuesSparkReadsBack() throws Exception {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_values"));
    CatalogStore catalog = new CatalogStore(spark, store, true);
    catalog.ensureCreated();
    CatalogAppends.appendEveryKindOfValueAndReadItBack(
        catalog,
        () -> {
          assertThat(lastWriter(store, CatalogTable.RUNS)).isEqualTo(IcebergTableStore.DIRECT_WRITER);
          assertThat(lastWriter(store, CatalogTable.QUALITY)).isEqualTo(IcebergTableStore.DIRECT_WRITER);
        });
  }

  @Test
  void directAndSparkWritersAppendAtOnceWithoutLosingARow() throws Exception {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_race"));
    CatalogStore direct = new CatalogStore(spark, store, true);
    CatalogStore sparkOnly = new CatalogStore(spark, store, false);
    direct.ensureCreated();
    List<CatalogStore> writers = List.of(direct, sparkOnly, direct, sparkOnly);
    int appends = 3;
    CatalogAppends.race(spark, writers, appends);

    long expected = (long) writers.size() * appends * 2;
    assertThat(direct.read(CatalogTable.RUNS).count()).isEqualTo(expected);
    assertThat(direct.read(CatalogTable.RUNS).select("run_id").distinct().count()).isEqualTo(expected);
    List<String> writersSeen = new ArrayList<>();
    for (Snapshot s : table(store, CatalogTable.RUNS).snapshots()) {
      writersSeen.add(s.summary().containsKey("spark.app.id") ? "spark" : s.summary().getOrDefault(IcebergTableStore.DIRECT_WRITER_PROPERTY, "?"));
    }
    assertThat(writersSeen).contains("spark", IcebergTableStore.DIRECT_WRITER).doesNotContain("?");
  }

  @Test
  void aCatalogTableOfAnOlderMeshGainsTheNewColumnThroughSpark() {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, catalog(spark, "ice_older"));
    CatalogStore catalog = new CatalogStore(spark, store, true);
    // mesh.runs as a mesh before alerts wrote it: without log and the columns added after it (restored_run, reason).
    StructType full = CatalogTable.RUNS.schema();
    StructType older = new StructType(java.util.Arrays.copyOf(full.fields(), java.util.Arrays.asList(full.fieldNames()).indexOf("log")));
    store.append(TableLayout.catalogTable(CatalogTable.RUNS.tableName()), spark.createDataFrame(List.of(), older), false);

    catalog.append(CatalogTable.RUNS, List.of(run("new")));

    assertThat(table(store, CatalogTable.RUNS).currentSnapshot().summary()).containsKey("spark.app.id");
    assertThat(catalog.read(CatalogTable.RUNS).where("run_id = 'new'").select("log").head().getString(0)).isEqualTo("/logs/new.log");
    // From then on the table is the current schema, and the direct writer appends to it.
    catalog.append(CatalogTable.RUNS, List.of(run("next")));
    assertThat(lastWriter(store, CatalogTable.RUNS)).isEqualTo(IcebergTableStore.DIRECT_WRITER);
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(2);
  }

  /** A Hadoop-type Iceberg catalog named {@code name} in a directory of its own (Spark loads catalogs on first use). */
  private static String catalog(SparkSession spark, String name) {
    spark.conf().set("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog." + name + ".type", "hadoop");
    spark.conf().set("spark.sql.catalog." + name + ".warehouse", TempDirs.create(name).toUri().toString());
    return name;
  }

  private static Table table(IcebergTableStore store, CatalogTable t) {
    Table table = store.table(TableLayout.catalogTable(t.tableName())).orElseThrow();
    table.refresh();
    return table;
  }

  /** Who committed the table's current snapshot: this writer's mark, or "spark". */
  private static String lastWriter(IcebergTableStore store, CatalogTable t) {
    Map<String, String> summary = table(store, t).currentSnapshot().summary();
    return summary.containsKey("spark.app.id") ? "spark" : summary.get(IcebergTableStore.DIRECT_WRITER_PROPERTY);
  }

  private static Row run(String id) {
    return CatalogAppends.run(id);
  }
}
