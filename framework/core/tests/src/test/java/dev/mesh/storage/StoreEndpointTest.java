package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.config.PlatformConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.WriteMode;
import dev.mesh.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that does not answer is told in milliseconds and in one line, before anything is read or written: against
 * real sockets (a port nobody listens on, one that listens) and a real Delta table.
 */
class StoreEndpointTest {
  @TempDir Path home;

  @Test
  void theEndpointIsTheStoresWhenTheWarehouseIsOnIt() {
    StoreEndpoint e = StoreEndpoint.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:9000")).orElseThrow();
    assertThat(e).isEqualTo(new StoreEndpoint("http://127.0.0.1:9000", "127.0.0.1", 9000, "s3a://mesh/warehouse"));
    assertThat(StoreEndpoint.of(platform("s3a://mesh/warehouse", "https://minio.internal")).orElseThrow().port()).isEqualTo(443);
    assertThat(StoreEndpoint.of(platform("s3a://mesh/warehouse", "")))
        .as("AWS's own endpoints, found by s3a from the region: nothing to probe").isEmpty();
    assertThat(StoreEndpoint.of(platform(home.resolve("warehouse").toString(), "http://127.0.0.1:9000")))
        .as("a local warehouse").isEmpty();
  }

  @Test
  void aStoreNobodyListensOnIsRefusedAndOneThatListensAnswers() throws IOException {
    int closed = freePort();
    StoreEndpoint down = StoreEndpoint.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + closed)).orElseThrow();
    assertThat(down.unreachable()).contains("connection refused");
    assertThat(down.failure("s3a://mesh/warehouse/delta/sales/orders", "connection refused"))
        .isEqualTo("object storage failed at s3a://mesh/warehouse/delta/sales/orders (bucket mesh at 127.0.0.1:" + closed
            + "): connection refused");
    try (ServerSocket listening = new ServerSocket(0)) {
      StoreEndpoint up =
          StoreEndpoint.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + listening.getLocalPort())).orElseThrow();
      assertThat(up.unreachable()).isEmpty();
    }
  }

  @Test
  void aWriteToAStoreThatIsDownFailsInOneLineAndWritesNothing() throws IOException {
    SparkSession spark = TestSpark.session();
    DeltaTableStore delta = new DeltaTableStore(spark, new TableLayout(home.resolve("delta").toString()), false);
    ProductId id = ProductId.parse("probe.numbers");
    OutputSpec overwrite = new OutputSpec(TableFormat.DELTA, WriteMode.OVERWRITE, List.of(), List.of());
    int closed = freePort();
    TableStore checked = new EndpointCheckedStore(
        delta, StoreEndpoint.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + closed)).orElseThrow(), delta::location);

    String line = "object storage failed at " + delta.location(id) + " (bucket " + StoreEndpoint.bucket(delta.location(id))
        + " at 127.0.0.1:" + closed + "): connection refused";
    assertThatThrownBy(() -> checked.write(id, spark.range(3).toDF("id"), overwrite))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(line)
        .hasCauseInstanceOf(ConnectException.class)
        // What a run says of it, as of s3a's own failures.
        .satisfies(e -> assertThat(MeshErrors.transformFailed(id, e).getMessage())
            .isEqualTo("Run of probe.numbers failed: " + line + ". The previous version stays published."));
    assertThatThrownBy(() -> checked.currentVersion(id)).hasMessageEndingWith("connection refused");
    assertThat(delta.exists(id)).as("nothing written").isFalse();

    try (ServerSocket listening = new ServerSocket(0)) {
      TableStore answering = new EndpointCheckedStore(
          delta, StoreEndpoint.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + listening.getLocalPort())).orElseThrow(),
          delta::location);
      assertThat(answering.write(id, spark.range(3).toDF("id"), overwrite)).isZero();
      assertThat(answering.readCurrent(spark, id).count()).isEqualTo(3);
    }
  }

  @Test
  void aCatalogReadFromAStoreThatIsDownFailsBeforeItsReaderIsAsked() throws IOException {
    int closed = freePort();
    // Delta catalog tables on the store are read through the catalog's Spark store, asked for only when first needed.
    CatalogReader reader = CatalogReader.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + closed), () -> {
      throw new AssertionError("the catalog's store was asked for");
    });
    assertThatThrownBy(() -> reader.read(CatalogTable.ALERTS, List.of("product")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("object storage failed at s3a://mesh/warehouse (bucket mesh at 127.0.0.1:" + closed + "): connection refused");
    try (ServerSocket listening = new ServerSocket(0)) {
      CatalogReader answering = CatalogReader.of(platform("s3a://mesh/warehouse", "http://127.0.0.1:" + listening.getLocalPort()), () -> {
        throw new AssertionError("the catalog's store was asked for");
      });
      assertThatThrownBy(() -> answering.read(CatalogTable.ALERTS, List.of("product")))
          .as("a store that answers: the read goes on to the reader").hasMessage("the catalog's store was asked for");
    }
  }

  private PlatformConfig platform(String warehouse, String endpoint) {
    Properties props = new Properties();
    props.setProperty("mesh.warehouse", warehouse);
    props.setProperty("mesh.storage.s3.endpoint", endpoint);
    return new MeshConfigLoader(home, Map.of(), props).loadPlatformOnly();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
