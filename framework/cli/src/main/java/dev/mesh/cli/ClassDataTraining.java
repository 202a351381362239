package dev.mesh.cli;

import dev.mesh.core.Mesh;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The workload bin/mesh's class-data sharing archive is recorded from ({@code mvn package} runs it with {@code
 * -XX:ArchiveClassesAtExit}, see bin/mesh): the commands an engineer types most, over the project's declarations and a
 * scratch warehouse holding one catalog table, so that the classes they load (configuration, picocli, Spark SQL's
 * parser, Delta Kernel, Hadoop, Parquet) are parsed and verified once at build time instead of at every start.
 * Not a command: nothing here is printed or kept.
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  public static void main(String[] args) throws IOException {
    Path scratch = Files.createTempDirectory("mesh-class-data");
    System.setProperty("mesh.warehouse", scratch.resolve("warehouse").toString());
    String catalogRoot;
    try (Mesh mesh = Mesh.open()) {
      catalogRoot = mesh.config().platform().catalogRoot();
    }
    writeOneRun(catalogRoot + "/runs");
    String product = args.length > 0 ? args[0] : "sales.orders";
    List<String> failed = new ArrayList<>();
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      for (String[] command : List.of(
          new String[] {"plan", "--all"}, new String[] {"status"}, new String[] {"catalog"},
          new String[] {"catalog", "show", product}, new String[] {"lineage", product}, new String[] {"quality", product},
          new String[] {"validate"})) {
        if (MeshCli.execute(command) != 0) {
          failed.add(String.join(" ", command));
        }
      }
    } finally {
      System.setOut(out);
      deleteTree(scratch);
    }
    if (!failed.isEmpty()) {
      System.err.println("class-data training: these commands failed: " + failed);
      System.exit(1);
    }
  }

  /** A Delta table with one row of {@code mesh.runs}'s product and status, written with Delta Kernel. */
  private static void writeOneRun(String path) throws IOException {
    Engine engine = DefaultEngine.create(new Configuration());
    StructType schema = new StructType().add("product", StringType.STRING).add("status", StringType.STRING);
    Transaction txn =
        Table.forPath(engine, path).createTransactionBuilder(engine, "mesh", Operation.CREATE_TABLE).withSchema(engine, schema).build(engine);
    Row state = txn.getTransactionState(engine);
    ColumnVector[] columns = {VectorUtils.stringVector(List.of("training.product")), VectorUtils.stringVector(List.of("succeeded"))};
    CloseableIterator<FilteredColumnarBatch> data =
        Utils.singletonCloseableIterator(new FilteredColumnarBatch(new DefaultColumnarBatch(1, schema, columns), Optional.empty()));
    DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
    CloseableIterator<DataFileStatus> files =
        engine.getParquetHandler()
            .writeParquetFiles(context.getTargetDirectory(), Transaction.transformLogicalData(engine, state, data, Map.of()), context.getStatisticsColumns());
    txn.commit(engine, CloseableIterable.inMemoryIterable(Transaction.generateAppendActions(engine, state, files, context)));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
