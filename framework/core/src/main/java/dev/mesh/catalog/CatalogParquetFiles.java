package dev.mesh.catalog;

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
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads one data file of a catalog table (plain Parquet: no partition values, no column mapping, no deletion vector)
 * into column values, the types {@link CatalogRow} holds. One Hadoop configuration serves every file: Delta Kernel's
 * own Parquet reader builds each file's reader from its path, which creates a default configuration and parses
 * core-default.xml again for every file, and a catalog table is many small files. Columns a file lacks (a column
 * added by schema evolution after it was written) are null, as Delta reads them.
 */
final class CatalogParquetFiles {
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Configuration conf;

  CatalogParquetFiles(Configuration conf) {
    this.conf = conf;
  }

  List<Map<String, Object>> read(String path, List<StructField> fields) throws IOException {
    InputFile file = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path), conf);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = new GroupReader(file).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        Map<String, Object> values = new HashMap<>();
        for (StructField f : fields) {
          values.put(f.getName(), field(g, f.getName(), f.getDataType()));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static Object field(Group g, String name, DataType type) {
    if (!g.getType().containsField(name)) {
      return null;
    }
    int i = g.getType().getFieldIndex(name);
    return g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, type);
  }

  private static Object value(Group g, int i, DataType type) {
    if (type instanceof StringType) {
      return g.getString(i, 0);
    }
    if (type instanceof LongType) {
      return g.getLong(i, 0);
    }
    if (type instanceof IntegerType) {
      return g.getInteger(i, 0);
    }
    if (type instanceof DoubleType) {
      return g.getDouble(i, 0);
    }
    if (type instanceof BooleanType) {
      return g.getBoolean(i, 0);
    }
    if (type instanceof DateType) {
      return LocalDate.ofEpochDay(g.getInteger(i, 0));
    }
    if (type instanceof TimestampType) {
      return instant(micros(g, i));
    }
    if (type instanceof ArrayType a) {
      // LIST: a repeated group, each holding the element (absent when null).
      Group list = g.getGroup(i, 0);
      List<Object> out = new ArrayList<>();
      for (int k = 0; k < list.getFieldRepetitionCount(0); k++) {
        Group item = list.getGroup(0, k);
        out.add(item.getFieldRepetitionCount(0) == 0 ? null : value(item, 0, a.getElementType()));
      }
      return out;
    }
    if (type instanceof MapType m) {
      // MAP: a repeated group of key and value.
      Group map = g.getGroup(i, 0);
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int k = 0; k < map.getFieldRepetitionCount(0); k++) {
        Group entry = map.getGroup(0, k);
        Object value = entry.getFieldRepetitionCount(1) == 0 ? null : value(entry, 1, m.getValueType());
        out.put(value(entry, 0, m.getKeyType()), value);
      }
      return out;
    }
    throw new IllegalStateException("catalog column of type " + type + " has no reader here");
  }

  /** A timestamp as Spark writes it (INT96 by default) or as Delta Kernel writes it (INT64, microseconds). */
  private static long micros(Group g, int i) {
    Type t = g.getType().getType(i);
    PrimitiveType.PrimitiveTypeName physical = t.asPrimitiveType().getPrimitiveTypeName();
    if (physical == PrimitiveType.PrimitiveTypeName.INT96) {
      NanoTime nt = NanoTime.fromBinary(g.getInt96(i, 0));
      return (nt.getJulianDay() - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nt.getTimeOfDayNanos() / 1_000L;
    }
    long v = g.getLong(i, 0);
    if (t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
      return switch (ts.getUnit()) {
        case MILLIS -> v * 1_000L;
        case MICROS -> v;
        case NANOS -> Math.floorDiv(v, 1_000L);
      };
    }
    return v;
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Parquet's record reader of generic groups, built from an input file (and so from the configuration given). */
  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
