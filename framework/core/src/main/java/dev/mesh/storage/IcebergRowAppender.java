package dev.mesh.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends a few rows (the catalog tables' records of a run) to an Iceberg table with Iceberg's own API: one Parquet file written through the table's
 * {@code FileIO} and one fast-append commit through its catalog (a REST catalog service, a Hadoop catalog), from this
 * JVM with no Spark job. A Spark append of a few rows costs a write job and a commit through Spark's data source;
 * this costs the file and the commit (a warm run's record stage, three or four appends to a Hadoop catalog: about
 * 460 ms through Spark, 255 ms this way; bench/README.md, round three). Concurrent
 * appends (Spark's or this writer's, in any process) are re-applied by Iceberg on the new snapshot, up to the table's
 * {@code commit.retry.num-retries}, as Spark's are.
 *
 * <p>It writes only what it can write exactly: a partitioned table, or one whose columns are not the rows' (a catalog
 * table of an older mesh, which needs schema evolution) is left to the Spark path ({@link #append} returns false having
 * written nothing). A commit that fails deletes the file it wrote.
 */
final class IcebergRowAppender {
  private IcebergRowAppender() {}

  /**
   * Appends {@code rows} (Spark rows following {@code schema}) to {@code table} in one commit.
   *
   * @return false, having written nothing, when it cannot write them exactly (see the class doc)
   */
  static boolean append(Table table, StructType schema, List<org.apache.spark.sql.Row> rows) {
    // No refresh first: the commit refreshes the table's metadata itself, after the file is written. Asking the
    // catalog service before writing would make a run that failed on a dead store wait for the service's own retries
    // of that store (minutes: ObjectStoreTest's store-down case) before its failure is recorded; the file write fails
    // fast instead, as Spark's append did.
    if (!table.spec().isUnpartitioned() || !sameColumns(SparkSchemaUtil.convert(table.schema()), schema)) {
      return false;
    }
    Schema icebergSchema = table.schema();
    String path = table.locationProvider().newDataLocation(FileFormat.PARQUET.addExtension(UUID.randomUUID().toString()));
    OutputFile out = table.io().newOutputFile(path);
    DataFile file;
    try {
      DataWriter<Record> writer =
          Parquet.writeData(out)
              .forTable(table)
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .build();
      try (writer) {
        for (org.apache.spark.sql.Row r : rows) {
          writer.write(record(icebergSchema, schema, r));
        }
      }
      file = writer.toDataFile();
    } catch (IOException failed) {
      deleteQuietly(table, path);
      throw new UncheckedIOException("could not write a data file of " + table.name() + " at " + path, failed);
    } catch (RuntimeException failed) {
      deleteQuietly(table, path);
      throw failed;
    }
    try {
      table.newFastAppend().appendFile(file).set(IcebergTableStore.DIRECT_WRITER_PROPERTY, IcebergTableStore.DIRECT_WRITER).commit();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException unknown) {
      // The commit may have landed: the file may be live, so it stays.
      throw unknown;
    } catch (RuntimeException failed) {
      deleteQuietly(table, path);
      throw failed;
    }
    return true;
  }

  private static void deleteQuietly(Table table, String path) {
    try {
      table.io().deleteFile(path);
    } catch (RuntimeException ignored) {
      // an orphan file is harmless: no snapshot names it
    }
  }

  /** Same column names, in order, of the same types (nullability aside: the rows follow the table's own schema). */
  static boolean sameColumns(StructType table, StructType rows) {
    if (table.fields().length != rows.fields().length) {
      return false;
    }
    for (int i = 0; i < table.fields().length; i++) {
      StructField a = table.fields()[i];
      StructField b = rows.fields()[i];
      if (!a.name().equals(b.name()) || !sameType(a.dataType(), b.dataType())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameType(DataType a, DataType b) {
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return sameType(x.elementType(), y.elementType());
    }
    if (a instanceof MapType x && b instanceof MapType y) {
      return sameType(x.keyType(), y.keyType()) && sameType(x.valueType(), y.valueType());
    }
    if (a instanceof StructType x && b instanceof StructType y) {
      return sameColumns(x, y);
    }
    return a.equals(b);
  }

  private static Record record(Schema icebergSchema, StructType schema, org.apache.spark.sql.Row row) {
    Record record = GenericRecord.create(icebergSchema);
    for (int i = 0; i < schema.fields().length; i++) {
      record.set(i, value(row.get(i), icebergSchema.columns().get(i).type()));
    }
    return record;
  }

  /** A Spark row's value as Iceberg's generic Parquet writer takes it. */
  private static Object value(Object v, Type type) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case TIMESTAMP -> {
        Instant t = SparkRowValues.instant(v);
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC)
            : java.time.LocalDateTime.ofInstant(t, ZoneOffset.UTC);
      }
      case DATE -> {
        return SparkRowValues.date(v);
      }
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>();
        for (Object item : SparkRowValues.list(v)) {
          out.add(value(item, element));
        }
        return out;
      }
      case MAP -> {
        Map<?, ?> map = SparkRowValues.map(v);
        Types.MapType m = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.put(value(e.getKey(), m.keyType()), value(e.getValue(), m.valueType()));
        }
        return out;
      }
      default -> {
        return v;
      }
    }
  }
}
