package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta table is registered in a metastore that is down: the write fails at once, naming the metastore, and writes
 * nothing (Spark's Hive client took about 7 s per run and named no address). Against real sockets and a real table.
 */
class MetastoreEndpointsTest {
  @TempDir Path home;

  @Test
  void aMetastoreNobodyListensOnIsNamedAndOneThatListensIsEnough() throws IOException {
    int closed = freePort();
    String down = "thrift://127.0.0.1:" + closed;
    assertThatThrownBy(() -> new MetastoreEndpoints(List.of(down)).check())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("the Hive metastore at " + down + " does not answer: connection refused")
        .hasCauseInstanceOf(ConnectException.class);
    try (ServerSocket listening = new ServerSocket(0)) {
      // Spark's client tries the URIs in order: one that answers is enough.
      assertThatCode(() -> new MetastoreEndpoints(List.of(down, "thrift://127.0.0.1:" + listening.getLocalPort())).check())
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> new MetastoreEndpoints(List.of()).check()).as("no metastore known").doesNotThrowAnyException();
  }

  @Test
  void aDeltaWriteToRegisterInAMetastoreThatIsDownFailsInOneLineAndWritesNothing() throws IOException {
    SparkSession spark = TestSpark.session();
    TableLayout layout = new TableLayout(home.resolve("delta").toString());
    String down = "thrift://127.0.0.1:" + freePort();
    DeltaTableStore registering = new DeltaTableStore(spark, layout, true, new MetastoreEndpoints(List.of(down))::check);
    ProductId id = ProductId.parse("hms.numbers");

    assertThatThrownBy(() -> registering.write(id, spark.range(3).toDF("id"),
            new OutputSpec(TableFormat.DELTA, WriteMode.OVERWRITE, List.of(), List.of())))
        .isInstanceOf(UncheckedIOException.class)
        .satisfies(e -> assertThat(MeshErrors.transformFailed(id, e).getMessage()).isEqualTo(
            "Run of hms.numbers failed: the Hive metastore at " + down + " does not answer: connection refused. The previous"
                + " version stays published."));
    assertThat(new DeltaTableStore(spark, layout, false).exists(id)).as("nothing written").isFalse();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
