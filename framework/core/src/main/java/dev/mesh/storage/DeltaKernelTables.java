package dev.mesh.storage;

import dev.mesh.config.Locations;
import dev.mesh.storage.localfs.LocalFileSystems;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
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
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.internal.util.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link DeltaTableStore} does with Delta Kernel on tables of the local file system, from this JVM with no Spark
 * job: whether a table exists and how many files it has, read from its log (Spark's checks rebuild the table's snapshot
 * with Spark jobs, seconds of a command's start and end for the four catalog tables), and small appends.
 *
 * <p>An append is one Parquet file and one blind commit. A Spark append of one row costs a write job, statistics and a
 * snapshot rebuild after the commit (about 0.2 s each, three or four per run of a product); this costs a log listing
 * and two small files. Concurrent appends (Spark's or Kernel's, in any process) are resolved by Kernel as blind
 * appends; checkpoints are written every {@code delta.checkpointInterval} commits as Spark would. It writes only what
 * it can write exactly: a table whose schema is not the rows' (a catalog table of an older mesh, which needs schema
 * evolution), a partitioned or missing table, or one with a table feature Kernel does not write is left to Spark
 * ({@link #append} returns false having written nothing).
 */
final class DeltaKernelTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaKernelTables.class);
  private static final String ENGINE_INFO = "mesh-catalog (Delta Kernel)";

  private Engine engine;

  private synchronized Engine engine() {
    if (engine == null) {
      // The log store commits through a FileContext, whose local implementation core-default.xml would name.
      engine = DefaultEngine.create(LocalFileSystems.configuration());
    }
    return engine;
  }

  /** Whether the table at {@code location} has a version (what Spark's {@code DeltaTable.isDeltaTable} answers). */
  boolean exists(String location) {
    java.nio.file.Path local = Locations.localPath(location);
    if (!java.nio.file.Files.isDirectory(local.resolve("_delta_log"))) {
      return false;
    }
    Engine e = engine();
    try {
      Table.forPath(e, local.toString()).getLatestSnapshot(e);
      return true;
    } catch (TableNotFoundException notYet) {
      return false;
    } catch (io.delta.kernel.exceptions.KernelException unreadable) {
      // A version Kernel cannot read (a table feature enabled by a newer Delta): it exists all the same, and Spark
      // writes to it (append declines such tables).
      return true;
    }
  }

  /** How many data files the latest version of the table at {@code location} has, from its log alone: 0 if none. */
  long fileCount(String location) {
    java.nio.file.Path local = Locations.localPath(location);
    if (!java.nio.file.Files.isDirectory(local.resolve("_delta_log"))) {
      return 0;
    }
    Engine e = engine();
    long count = 0;
    try (CloseableIterator<FilteredColumnarBatch> files =
        Table.forPath(e, local.toString()).getLatestSnapshot(e).getScanBuilder(e).build().getScanFiles(e)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> rows = files.next().getRows()) {
          while (rows.hasNext()) {
            rows.next();
            count++;
          }
        }
      }
    } catch (TableNotFoundException notYet) {
      return 0;
    } catch (IOException failed) {
      throw new UncheckedIOException("could not list the files of the Delta table at " + local + ": " + failed.getMessage(), failed);
    }
    return count;
  }

  /**
   * Appends {@code rows} (Spark rows following {@code schema}) to the Delta table at {@code location} in one commit.
   *
   * @return false, having written nothing, when Kernel cannot write them exactly (see the class doc)
   */
  boolean append(String location, org.apache.spark.sql.types.StructType schema, List<org.apache.spark.sql.Row> rows) {
    Engine e = engine();
    String path = Locations.localPath(location).toString();
    Transaction txn;
    try {
      txn = Table.forPath(e, path).createTransactionBuilder(e, ENGINE_INFO, Operation.WRITE).build(e);
    } catch (TableNotFoundException missing) {
      return false;
    } catch (io.delta.kernel.exceptions.KernelException | UnsupportedOperationException unsupported) {
      // A table feature this Kernel does not write (enabled on the table by hand, or by a newer Delta): Spark's turn.
      LOG.debug("Delta Kernel does not append to {}: {}", path, unsupported.toString());
      return false;
    }
    StructType tableSchema = txn.getSchema(e);
    if (!txn.getPartitionColumns(e).isEmpty() || !tableSchema.equivalent(kernelType(schema))) {
      return false;
    }
    Row state = txn.getTransactionState(e);
    FilteredColumnarBatch batch = batch(tableSchema, rows);
    TransactionCommitResult committed;
    try {
      CloseableIterator<FilteredColumnarBatch> physical =
          Transaction.transformLogicalData(e, state, Utils.singletonCloseableIterator(batch), Map.of());
      io.delta.kernel.DataWriteContext context = Transaction.getWriteContext(e, state, Map.of());
      CloseableIterator<DataFileStatus> files =
          e.getParquetHandler().writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
      CloseableIterator<Row> actions = Transaction.generateAppendActions(e, state, files, context);
      committed = txn.commit(e, CloseableIterable.inMemoryIterable(actions));
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    if (committed.isReadyForCheckpoint()) {
      checkpoint(e, path, committed.getVersion());
    }
    return true;
  }

  /** A missing checkpoint only makes readers replay more of the log: never a reason to fail the append. */
  private static void checkpoint(Engine e, String path, long version) {
    try {
      Table.forPath(e, path).checkpoint(e, version);
    } catch (CheckpointAlreadyExistsException done) {
      // another writer got there first
    } catch (IOException | RuntimeException failed) {
      LOG.warn("could not write the checkpoint of {} at version {}: {}", path, version, failed.toString());
    }
  }

  private static FilteredColumnarBatch batch(StructType schema, List<org.apache.spark.sql.Row> rows) {
    ColumnVector[] columns = new ColumnVector[schema.length()];
    for (int c = 0; c < columns.length; c++) {
      StructField field = schema.at(c);
      List<Object> values = new ArrayList<>(rows.size());
      for (org.apache.spark.sql.Row r : rows) {
        values.add(kernelValue(r.get(c), field.getDataType()));
      }
      columns[c] = new Values(field.getDataType(), values);
    }
    return new FilteredColumnarBatch(new DefaultColumnarBatch(rows.size(), schema, columns), java.util.Optional.empty());
  }

  /** A Spark row's value as the vectors below hold it: timestamps in microseconds, dates in days, lists and maps. */
  private static Object kernelValue(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type instanceof TimestampType) {
      Instant t = SparkRowValues.instant(v);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }
    if (type instanceof DateType) {
      return (int) SparkRowValues.date(v).toEpochDay();
    }
    if (type instanceof ArrayType a) {
      List<Object> out = new ArrayList<>();
      for (Object item : SparkRowValues.list(v)) {
        out.add(kernelValue(item, a.getElementType()));
      }
      return out;
    }
    if (type instanceof MapType m) {
      Map<?, ?> map = SparkRowValues.map(v);
      List<Object> keys = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      for (Map.Entry<?, ?> en : new java.util.TreeMap<>(map).entrySet()) {
        keys.add(kernelValue(en.getKey(), m.getKeyType()));
        values.add(kernelValue(en.getValue(), m.getValueType()));
      }
      return new MapValues(new Values(m.getKeyType(), keys), new Values(m.getValueType(), values));
    }
    return v;
  }

  /** Spark's types in Kernel's terms: those of the catalog tables (others are refused). */
  static StructType kernelType(org.apache.spark.sql.types.StructType spark) {
    StructType out = new StructType();
    for (org.apache.spark.sql.types.StructField f : spark.fields()) {
      out = out.add(f.name(), kernelType(f.dataType()), f.nullable());
    }
    return out;
  }

  private static DataType kernelType(org.apache.spark.sql.types.DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return StringType.STRING;
    }
    if (t.equals(DataTypes.LongType)) {
      return LongType.LONG;
    }
    if (t.equals(DataTypes.IntegerType)) {
      return IntegerType.INTEGER;
    }
    if (t.equals(DataTypes.DoubleType)) {
      return DoubleType.DOUBLE;
    }
    if (t.equals(DataTypes.BooleanType)) {
      return BooleanType.BOOLEAN;
    }
    if (t.equals(DataTypes.TimestampType)) {
      return TimestampType.TIMESTAMP;
    }
    if (t.equals(DataTypes.DateType)) {
      return DateType.DATE;
    }
    if (t instanceof org.apache.spark.sql.types.ArrayType a) {
      return new ArrayType(kernelType(a.elementType()), a.containsNull());
    }
    if (t instanceof org.apache.spark.sql.types.MapType m) {
      return new MapType(kernelType(m.keyType()), kernelType(m.valueType()), m.valueContainsNull());
    }
    throw new IllegalArgumentException("a column of type " + t + " has no Kernel writer here");
  }

  /** A column of Java values (see {@link #kernelValue}). */
  private record Values(DataType type, List<Object> values) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return type;
    }

    @Override
    public int getSize() {
      return values.size();
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int i) {
      return values.get(i) == null;
    }

    @Override
    public boolean getBoolean(int i) {
      return (Boolean) values.get(i);
    }

    @Override
    public int getInt(int i) {
      return ((Number) values.get(i)).intValue();
    }

    @Override
    public long getLong(int i) {
      return ((Number) values.get(i)).longValue();
    }

    @Override
    public double getDouble(int i) {
      return ((Number) values.get(i)).doubleValue();
    }

    @Override
    public String getString(int i) {
      return (String) values.get(i);
    }

    @Override
    public ArrayValue getArray(int i) {
      List<?> items = (List<?>) values.get(i);
      Values elements = new Values(((ArrayType) type).getElementType(), new ArrayList<>(items));
      return new ArrayValue() {
        @Override
        public int getSize() {
          return items.size();
        }

        @Override
        public ColumnVector getElements() {
          return elements;
        }
      };
    }

    @Override
    public MapValue getMap(int i) {
      return (MapValue) values.get(i);
    }
  }

  private record MapValues(Values keys, Values values) implements MapValue {
    @Override
    public int getSize() {
      return keys.getSize();
    }

    @Override
    public ColumnVector getKeys() {
      return keys;
    }

    @Override
    public ColumnVector getValues() {
      return values;
    }
  }
}
