package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshException;
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
 * parser, Delta Kernel, Hadoop, Parquet) are parsed and verified once at build time instead of at every start; the
 * metadata commands once more over Iceberg catalog tables, read with Iceberg's core API.
 * Not a command: nothing here is printed or kept.
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  public static void main(String[] args) throws IOException {
    Path scratch = Files.createTempDirectory("mesh-class-data");
    System.setProperty("mesh.warehouse", scratch.resolve("warehouse").toString());
    String catalogRoot;
    String icebergWarehouse;
    try (Mesh mesh = Mesh.open()) {
      catalogRoot = mesh.config().platform().catalogRoot();
      icebergWarehouse = mesh.config().platform().iceberg().warehouse();
    } catch (MeshException e) {
      // A declaration being edited (bin/mesh builds before each command): the command the engineer typed reports it
      // in full, with its file and line; a build needs no stack trace of it.
      TempDirectory.delete(scratch);
      System.err.println("class-data training: skipped, the project's declarations do not load (" + firstLine(e.getMessage())
          + "); bin/mesh validate lists every problem");
      System.exit(1);
      return;
    }
    writeOneRun(catalogRoot + "/runs");
    String product = args.length > 0 ? args[0] : "sales.orders";
    List<String> failed = new ArrayList<>();
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      List<String[]> commands = List.of(
          new String[] {"plan", "--all"}, new String[] {"status"}, new String[] {"catalog"},
          new String[] {"catalog", "show", product}, new String[] {"lineage", product}, new String[] {"quality", product},
          new String[] {"validate"});
      run(commands, failed);
      // The same questions of Iceberg catalog tables (a shared deployment's), read with Iceberg's core API: its
      // classes are most of what such a command loads.
      writeOneIcebergRun(icebergWarehouse);
      System.setProperty("mesh.catalog-tables", "iceberg");
      run(commands.subList(1, 6), failed);
    } finally {
      System.clearProperty("mesh.catalog-tables");
      System.setOut(out);
      TempDirectory.delete(scratch);
    }
    if (!failed.isEmpty()) {
      System.err.println("class-data training: these commands failed: " + failed);
      System.exit(1);
    }
  }

  /** The first line that says something: of a configuration problem's block, its first problem, not its heading. */
  private static String firstLine(String message) {
    return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.endsWith(":"))
        .map(l -> l.startsWith("- ") ? l.substring(2) : l).findFirst().orElse(message.strip());
  }

  private static void run(List<String[]> commands, List<String> failed) {
    for (String[] command : commands) {
      if (MeshCli.execute(command) != 0) {
        failed.add(String.join(" ", command) + (System.getProperty("mesh.catalog-tables") == null ? "" : " (Iceberg catalog)"));
      }
    }
  }

  /** The Iceberg table {@code mesh.runs} in the hadoop catalog at {@code warehouse}, one row of product and status. */
  private static void writeOneIcebergRun(String warehouse) throws IOException {
    org.apache.iceberg.hadoop.HadoopCatalog catalog = new org.apache.iceberg.hadoop.HadoopCatalog(new Configuration(), warehouse);
    org.apache.iceberg.Schema schema =
        new org.apache.iceberg.Schema(
            org.apache.iceberg.types.Types.NestedField.optional(1, "product", org.apache.iceberg.types.Types.StringType.get()),
            org.apache.iceberg.types.Types.NestedField.optional(2, "status", org.apache.iceberg.types.Types.StringType.get()));
    org.apache.iceberg.Table table =
        catalog.createTable(org.apache.iceberg.catalog.TableIdentifier.of("mesh", "runs"), schema);
    String path = table.locationProvider().newDataLocation("training.parquet");
    org.apache.iceberg.io.DataWriter<org.apache.iceberg.data.Record> writer =
        org.apache.iceberg.parquet.Parquet.writeData(table.io().newOutputFile(path))
            .forTable(table)
            .createWriterFunc(org.apache.iceberg.data.parquet.GenericParquetWriter::create)
            .overwrite()
            .build();
    try (writer) {
      org.apache.iceberg.data.GenericRecord row = org.apache.iceberg.data.GenericRecord.create(schema);
      row.setField("product", "training.product");
      row.setField("status", "succeeded");
      writer.write(row);
    }
    table.newFastAppend().appendFile(writer.toDataFile()).commit();
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
}
