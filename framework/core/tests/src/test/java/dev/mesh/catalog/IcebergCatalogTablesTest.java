package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductId;
import dev.mesh.storage.IcebergTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The catalog tables as Iceberg tables ({@code mesh.catalog-tables = iceberg}), as a shared deployment keeps them in
 * its catalog service: created once by racing writers, appended by many writers at once with no row lost, compacted
 * without a row lost, readable as {@code mesh.<table>}. (Separate driver processes on a REST catalog: the shared
 * catalog test of jobs/demo.)
 */
class IcebergCatalogTablesTest {
  static final int WRITERS = 4;
  static final int APPENDS = 3;

  @Test
  void racingWritersCreateAppendAndCompactWithoutLosingARow() throws Exception {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, "iceberg");
    CatalogStore catalog = new CatalogStore(spark, store);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      CyclicBarrier start = new CyclicBarrier(WRITERS);
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(CompletableFuture.runAsync(() -> {
          SparkSession.setActiveSession(spark);
          await(start);
          // Every writer creates the tables as a new driver would: only one create may win, the others append.
          catalog.ensureCreated();
          for (int i = 0; i < APPENDS; i++) {
            catalog.append(CatalogTable.RUNS, List.of(CatalogAppends.run("w" + writer + "-" + i), CatalogAppends.run("w" + writer + "-" + i + "b")));
          }
        }, pool));
      }
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    for (CatalogTable t : CatalogTable.values()) {
      assertThat(catalog.exists(t)).as("%s created", t).isTrue();
    }
    long expected = (long) WRITERS * APPENDS * 2;
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(expected);
    assertThat(catalog.read(CatalogTable.RUNS).select("run_id").distinct().count()).isEqualTo(expected);
    // Stored in the Iceberg catalog, under the catalog namespace, with no Delta table beside it.
    assertThat(spark.sql("SHOW TABLES IN iceberg.mesh").collectAsList()).extracting(r -> r.getString(1)).contains("runs", "quality", "products", "lineage");
    assertThat(spark.table("iceberg.mesh.runs").count()).isEqualTo(expected);

    long files = catalog.fileCount(CatalogTable.RUNS);
    assertThat(files).isGreaterThanOrEqualTo(WRITERS * APPENDS);
    assertThat(catalog.compact(2)).containsKey(CatalogTable.RUNS);
    assertThat(catalog.fileCount(CatalogTable.RUNS)).isLessThan(files);
    assertThat(catalog.read(CatalogTable.RUNS).count()).isEqualTo(expected);
  }

  @Test
  void anAppendWithANewColumnEvolvesTheTable() {
    SparkSession spark = TestSpark.session();
    IcebergTableStore store = new IcebergTableStore(spark, "iceberg");
    ProductId table = TableLayout.catalogTable("evolving");
    store.append(table, spark.sql("SELECT 'a' AS run_id"), true);
    long version = store.append(table, spark.sql("SELECT 'b' AS run_id, 3L AS added"), true);
    assertThat(store.currentVersion(table)).contains(version);
    List<Row> rows = store.readCurrent(spark, table).orderBy("run_id").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex("added"))).isTrue();
    assertThat(rows.get(1).<Long>getAs("added")).isEqualTo(3L);
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
