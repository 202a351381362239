package dev.mesh.notebook;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * A query result held in memory for display: column names and Spark types, at most {@code limit} rows, and whether
 * more rows existed. Values are plain Java objects (numbers, strings, dates, arrays as {@code toString()}).
 */
public record ResultTable(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated, int limit) {
  public ResultTable {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
    List<List<Object>> copy = new ArrayList<>();
    rows.forEach(r -> copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r))));
    rows = List.copyOf(copy);
    if (columns.size() != types.size()) {
      throw new IllegalArgumentException("columns and types differ in length: " + columns + " / " + types);
    }
  }

  /** Collects at most {@code limit} rows of {@code df} (one row more is read to know whether there are more). */
  public static ResultTable of(Dataset<Row> df, int limit) {
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      columns.add(f.name());
      types.add(f.dataType().simpleString());
    }
    List<Row> collected = df.limit(limit + 1).collectAsList();
    boolean truncated = collected.size() > limit;
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : truncated ? collected.subList(0, limit) : collected) {
      List<Object> cells = new ArrayList<>(r.length());
      for (int i = 0; i < r.length(); i++) {
        Object v = r.isNullAt(i) ? null : r.get(i);
        cells.add(v instanceof scala.collection.Seq<?> || v instanceof scala.collection.Map<?, ?> || v instanceof Row ? v.toString() : v);
      }
      rows.add(cells);
    }
    return new ResultTable(columns, types, rows, truncated, limit);
  }

  /** A small table built in code (for magics' answers); never truncated. */
  public static ResultTable of(List<String> columns, List<List<Object>> rows) {
    List<String> types = new ArrayList<>();
    columns.forEach(c -> types.add("string"));
    return new ResultTable(columns, types, rows, false, Integer.MAX_VALUE);
  }

  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the Spark type of column {@code i} is numeric. */
  public boolean numeric(int i) {
    String t = types.get(i);
    return t.startsWith("decimal") || List.of("tinyint", "smallint", "int", "bigint", "float", "double").contains(t);
  }
}
