package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import dev.mesh.quality.Severity;
import dev.mesh.storage.CommitRetry;
import dev.mesh.storage.DeltaTableStore;
import dev.mesh.storage.TableLayout;
import dev.mesh.storage.TableStore;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RunRecorder} leaves behind when one of a run's catalog appends fails. */
class RunRecorderTest {
  @TempDir Path home;
  @TempDir Path root;

  @Test
  void whenTheRunsRowCannotBeWrittenTheOtherAppendsHaveEndedBeforeTheFailureIsReported() {
    SparkSession spark = TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/rec/numbers.conf", Products.numbers("rec.numbers", Transforms.Numbers.class.getName(), "delta", "", ""));
    ProductDescriptor product = mesh.load().product("rec.numbers");
    Set<String> committed = ConcurrentHashMap.newKeySet();
    // The real Delta store under the catalog tables; mesh.runs refuses every write, mesh.quality commits slowly.
    TableStore store = new FaultyStore(new DeltaTableStore(spark, new TableLayout(root.toString()), false), committed);
    CatalogStore catalog = new CatalogStore(spark, store);
    RunResult run =
        new RunResult(
            "run-1", product.id(), LocalDate.of(2024, 3, 1), RunStatus.SUCCEEDED, Instant.now(), Instant.now(), 3, 0L,
            new QualityReport(List.of(new RuleOutcome("rows", "size", "Size", 3.0, ">= 1", Severity.ERROR, RuleStatus.PASSED, null))),
            null, Map.of());

    assertThatThrownBy(() -> new RunRecorder(catalog).record(spark, product, root.resolve("rec/numbers").toString(), run))
        .hasMessageContaining("mesh.runs takes no write");

    assertThat(committed).as("catalog appends that had ended when the failure was reported").contains("quality", "products");
  }

  /** Delegates to a real store; appends to {@code runs} fail, those to {@code quality} take a second before they commit. */
  private record FaultyStore(TableStore real, Set<String> committed) implements TableStore {
    private void before(ProductId table) {
      if (table.name().equals("runs")) {
        throw new IllegalStateException("mesh.runs takes no write");
      }
      if (table.name().equals("quality")) {
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public boolean appendRows(ProductId table, StructType schema, List<Row> rows) {
      before(table);
      boolean done = real.appendRows(table, schema, rows);
      if (done) {
        committed.add(table.name());
      }
      return done;
    }

    @Override
    public long append(ProductId table, Dataset<Row> data, boolean evolveSchema) {
      before(table);
      long version = real.append(table, data, evolveSchema);
      committed.add(table.name());
      return version;
    }

    @Override
    public void appendBlind(ProductId table, Dataset<Row> data, boolean evolveSchema) {
      before(table);
      real.appendBlind(table, data, evolveSchema);
      committed.add(table.name());
    }

    @Override
    public TableFormat format() {
      return real.format();
    }

    @Override
    public String location(ProductId id) {
      return real.location(id);
    }

    @Override
    public String qualifiedName(ProductId id) {
      return real.qualifiedName(id);
    }

    @Override
    public boolean exists(ProductId id) {
      return real.exists(id);
    }

    @Override
    public Optional<Long> currentVersion(ProductId id) {
      return real.currentVersion(id);
    }

    @Override
    public Dataset<Row> read(SparkSession session, ProductId id, long version) {
      return real.read(session, id, version);
    }

    @Override
    public long write(ProductId id, Dataset<Row> data, OutputSpec output, CommitRetry retry) {
      return real.write(id, data, output, retry);
    }

    @Override
    public Dataset<Row> readCurrent(SparkSession session, ProductId table) {
      return real.readCurrent(session, table);
    }

    @Override
    public long fileCount(ProductId table) {
      return real.fileCount(table);
    }

    @Override
    public void rollback(ProductId table, Long previous) {
      real.rollback(table, previous);
    }

    @Override
    public long restore(SparkSession session, ProductId table, long version) {
      return real.restore(session, table, version);
    }

    @Override
    public void compact(ProductId table) {
      real.compact(table);
    }

    @Override
    public long expire(ProductId table, java.time.Duration retention) {
      return real.expire(table, retention);
    }
  }
}
