package dev.mesh.catalog;

import dev.mesh.config.Locations;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.storage.localfs.LocalFileSystems;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads Delta catalog tables with Delta Kernel: the table's log replayed and its Parquet files read in this JVM, with
 * no Spark session (which costs several seconds to start, and most of a metadata command's time). For catalog tables
 * on a local file system; the rows are exactly the table's current version, deletion vectors applied.
 */
public final class DeltaKernelCatalogReader implements CatalogReader {
  private final String root;
  private Engine engine;
  private CatalogParquetFiles files;

  /** @param root the folder holding the catalog tables ({@code <delta-root>/mesh}) */
  public DeltaKernelCatalogReader(String root) {
    this.root = root;
  }

  private synchronized Engine engine() {
    if (engine == null) {
      // Hadoop's code defaults and mesh's local file systems (a local file system needs nothing of core-default.xml).
      Configuration conf = LocalFileSystems.configuration();
      engine = DefaultEngine.create(conf);
      files = new CatalogParquetFiles(conf);
    }
    return engine;
  }

  @Override
  public List<CatalogRow> read(CatalogTable table, List<String> columns, Predicate<CatalogRow> keep) {
    String location = root + "/" + table.tableName();
    Path local = Locations.localPath(location);
    if (!Files.isDirectory(local.resolve("_delta_log"))) {
      return List.of();
    }
    Engine e = engine();
    Snapshot snapshot;
    try {
      snapshot = Table.forPath(e, local.toAbsolutePath().toString()).getLatestSnapshot(e);
    } catch (TableNotFoundException notYet) {
      return List.of();
    }
    StructType schema = snapshot.getSchema(e);
    List<StructField> kept = new ArrayList<>();
    for (String c : columns) {
      if (schema.fieldNames().contains(c)) {
        kept.add(schema.get(c));
      }
    }
    if (kept.isEmpty()) {
      return List.of();
    }
    StructType readSchema = new StructType(kept);
    Scan scan = snapshot.getScanBuilder(e).withReadSchema(e, readSchema).build();
    Row scanState = scan.getScanState(e);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(e, scanState);
    List<CatalogRow> out = new ArrayList<>();
    try {
      List<Row> dataFiles = new ArrayList<>();
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(e)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> fileRows = files.next().getRows()) {
            fileRows.forEachRemaining(dataFiles::add);
          }
        }
      }
      // Opening a data file costs more than reading it (Parquet's reader builds a default Hadoop configuration for each
      // file, parsing core-default.xml): the files are read side by side, one thread a core, in their order.
      // Plain Parquet files (no column mapping, partition values or deletion vectors: what the catalog tables are) are
      // read with one shared configuration (CatalogParquetFiles); anything else through Kernel's reader.
      boolean plainNames = physical.fieldNames().equals(readSchema.fieldNames());
      CatalogParquetFiles plain = files;
      List<java.util.concurrent.Future<List<CatalogRow>>> parts = new ArrayList<>();
      for (Row file : dataFiles) {
        boolean direct =
            plainNames
                && InternalScanFileUtils.getPartitionValues(file).isEmpty()
                && InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file) == null;
        parts.add(
            FILES.submit(
                () -> direct ? readPlain(plain, file, kept, keep) : readFile(e, scanState, physical, file, kept, keep)));
      }
      for (java.util.concurrent.Future<List<CatalogRow>> part : parts) {
        out.addAll(part.get());
      }
    } catch (java.util.concurrent.ExecutionException failed) {
      Throwable cause = failed.getCause();
      throw new MeshException(
          ErrorKind.FAILED, "could not read " + table.qualifiedName() + " at " + location + ": " + cause.getMessage(), cause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new MeshException(ErrorKind.FAILED, "interrupted while reading " + table.qualifiedName(), interrupted);
    } catch (IOException | RuntimeException failed) {
      throw new MeshException(
          ErrorKind.FAILED, "could not read " + table.qualifiedName() + " at " + location + ": " + failed.getMessage(), failed);
    }
    return out;
  }

  private static List<CatalogRow> readPlain(
      CatalogParquetFiles plain, Row file, List<StructField> kept, Predicate<CatalogRow> keep) throws IOException {
    List<CatalogRow> out = new ArrayList<>();
    for (Map<String, Object> values : plain.read(InternalScanFileUtils.getAddFileStatus(file).getPath(), kept)) {
      CatalogRow row = new CatalogRow(values);
      if (keep.test(row)) {
        out.add(row);
      }
    }
    return out;
  }

  private static List<CatalogRow> readFile(
      Engine e, Row scanState, StructType physical, Row file, List<StructField> kept, Predicate<CatalogRow> keep)
      throws IOException {
    List<CatalogRow> out = new ArrayList<>();
    FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
    CloseableIterator<ColumnarBatch> data =
        e.getParquetHandler().readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
    try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(e, scanState, file, data)) {
      while (logical.hasNext()) {
        collect(logical.next(), kept, keep, out);
      }
    }
    return out;
  }

  /** Where data files are read: one daemon thread a core, shared by every reader of the JVM. */
  private static final java.util.concurrent.ExecutorService FILES =
      java.util.concurrent.Executors.newFixedThreadPool(
          Runtime.getRuntime().availableProcessors(),
          r -> {
            Thread t = new Thread(r, "mesh-catalog-read");
            t.setDaemon(true);
            return t;
          });

  private static void collect(FilteredColumnarBatch batch, List<StructField> fields, Predicate<CatalogRow> keep, List<CatalogRow> out) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    ColumnVector[] vectors = new ColumnVector[fields.size()];
    for (int f = 0; f < fields.size(); f++) {
      vectors[f] = data.getColumnVector(data.getSchema().indexOf(fields.get(f).getName()));
    }
    for (int i = 0; i < data.getSize(); i++) {
      if (selected.isPresent() && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
        continue;
      }
      Map<String, Object> values = new HashMap<>();
      for (int f = 0; f < fields.size(); f++) {
        values.put(fields.get(f).getName(), value(vectors[f], i, fields.get(f).getDataType()));
      }
      CatalogRow row = new CatalogRow(values);
      if (keep.test(row)) {
        out.add(row);
      }
    }
  }

  private static Object value(ColumnVector v, int i, DataType type) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (type instanceof StringType) {
      return v.getString(i);
    }
    if (type instanceof LongType) {
      return v.getLong(i);
    }
    if (type instanceof IntegerType) {
      return v.getInt(i);
    }
    if (type instanceof DoubleType) {
      return v.getDouble(i);
    }
    if (type instanceof BooleanType) {
      return v.getBoolean(i);
    }
    if (type instanceof TimestampType) {
      long micros = v.getLong(i);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    if (type instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(i));
    }
    if (type instanceof ArrayType a) {
      ArrayValue array = v.getArray(i);
      List<Object> list = new ArrayList<>(array.getSize());
      for (int k = 0; k < array.getSize(); k++) {
        list.add(value(array.getElements(), k, a.getElementType()));
      }
      return list;
    }
    if (type instanceof MapType m) {
      MapValue map = v.getMap(i);
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int k = 0; k < map.getSize(); k++) {
        out.put(value(map.getKeys(), k, m.getKeyType()), value(map.getValues(), k, m.getValueType()));
      }
      return out;
    }
    throw new IllegalStateException("catalog column of type " + type + " has no reader here");
  }
}
