package dev.mesh.runtime;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares the rows a write would replace with the rows it would write. With a key (a merge's keys, a product's
 * {@code unique} columns) rows are matched on it: each is added, removed, changed (naming the columns that changed)
 * or unchanged. Without one, or with a key either side repeats, whole rows are compared as multisets: added and
 * removed. Only the columns both sides have are compared; a column whose type changed is compared as text.
 */
public final class TableDiff {
  private static final String BEFORE = "__before_";
  private static final String AFTER = "__after_";
  private static final String IN_BEFORE = "__in_before";
  private static final String IN_AFTER = "__in_after";
  private static final String CHANGE = "__change";
  private static final String RANK = "__rank";

  private TableDiff() {}

  /** How a row differs. */
  public enum Change {
    ADDED, REMOVED, CHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One row that differs: its values before (null for an added row) and after (null for a removed one), each in the
   * order of {@link Result#columns()}, as text (null for SQL NULL).
   */
  public record Sample(Change change, List<String> before, List<String> after) {}

  /**
   * What differs.
   *
   * @param columns the columns compared, in the candidate's order
   * @param key the columns rows were matched on; empty when whole rows were compared
   * @param keyNotUsed why the key asked for was not used (a side repeats it); null when it was, or none was asked for
   * @param before how many rows the write would replace
   * @param after how many rows it would write
   * @param changedColumns for each column that changed in some matched row, in how many
   * @param samples up to the asked number of rows of each change, ordered by key (or by every column)
   */
  public record Result(
      List<String> columns,
      List<String> key,
      String keyNotUsed,
      long before,
      long after,
      long added,
      long removed,
      long changed,
      long unchanged,
      Map<String, Long> changedColumns,
      List<Sample> samples) {
    public Result {
      columns = List.copyOf(columns);
      key = List.copyOf(key);
      changedColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changedColumns));
      samples = List.copyOf(samples);
    }

    public boolean identical() {
      return added == 0 && removed == 0 && changed == 0;
    }

    public List<Sample> samples(Change change) {
      return samples.stream().filter(s -> s.change() == change).toList();
    }
  }

  /**
   * Compares {@code before} with {@code after}, matching rows on {@code key} where it identifies them on both sides,
   * and keeps up to {@code sampleRows} rows of each change; values of {@code hidden} columns are never read into a
   * sample (shown as {@code hiddenAs}).
   */
  public static Result compare(
      Dataset<Row> before, Dataset<Row> after, List<String> key, int sampleRows, Set<String> hidden, String hiddenAs) {
    StructType b = before.schema();
    List<String> columns = new ArrayList<>();
    List<Column> beforeCols = new ArrayList<>();
    List<Column> afterCols = new ArrayList<>();
    for (StructField f : after.schema().fields()) {
      DataType was = field(b, f.name());
      if (was == null) {
        continue;
      }
      columns.add(f.name());
      // A map has no equality in Spark (no join on it, no EXCEPT over it): compared as its text, as a changed type is.
      boolean asText = !was.sameType(f.dataType()) || hasMap(was) || hasMap(f.dataType());
      beforeCols.add(asText ? col(f.name()).cast("string") : col(f.name()));
      afterCols.add(asText ? col(f.name()).cast("string") : col(f.name()));
    }
    // The published rows are read by several jobs (the key check, the counts, the samples): once, into the cache.
    Dataset<Row> b0 =
        before.select(beforeCols.toArray(Column[]::new)).toDF(columns.toArray(String[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return compare(b0, after.select(afterCols.toArray(Column[]::new)).toDF(columns.toArray(String[]::new)), columns,
          key, sampleRows, hidden, hiddenAs);
    } finally {
      b0.unpersist(false);
    }
  }

  private static Result compare(
      Dataset<Row> b0, Dataset<Row> a0, List<String> columns, List<String> key, int sampleRows, Set<String> hidden,
      String hiddenAs) {
    String keyNotUsed = null;
    if (!key.isEmpty()) {
      if (!columns.containsAll(key)) {
        keyNotUsed = "the key (" + String.join(", ", key) + ") is not a column of both sides";
      } else if (repeats(b0, key)) {
        keyNotUsed = "the key (" + String.join(", ", key) + ") repeats in the published rows";
      } else if (repeats(a0, key)) {
        keyNotUsed = "the key (" + String.join(", ", key) + ") repeats in the candidate";
      }
    }
    if (!key.isEmpty() && keyNotUsed == null) {
      return byKey(b0, a0, columns, key, sampleRows, hidden, hiddenAs);
    }
    return wholeRows(b0, a0, columns, keyNotUsed, sampleRows, hidden, hiddenAs);
  }

  private static DataType field(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f.dataType();
      }
    }
    return null;
  }

  private static boolean hasMap(DataType type) {
    if (type instanceof MapType) {
      return true;
    }
    if (type instanceof ArrayType a) {
      return hasMap(a.elementType());
    }
    if (type instanceof StructType s) {
      return Arrays.stream(s.fields()).anyMatch(f -> hasMap(f.dataType()));
    }
    return false;
  }

  private static boolean repeats(Dataset<Row> rows, List<String> key) {
    Column[] k = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return !rows.groupBy(k).count().where(col("count").gt(1)).limit(1).isEmpty();
  }

  private static Result byKey(
      Dataset<Row> b0, Dataset<Row> a0, List<String> columns, List<String> key, int sampleRows, Set<String> hidden,
      String hiddenAs) {
    Dataset<Row> b = prefixed(b0, columns, BEFORE).withColumn(IN_BEFORE, lit(true));
    Dataset<Row> a = prefixed(a0, columns, AFTER).withColumn(IN_AFTER, lit(true));
    Column on = null;
    for (String k : key) {
      Column eq = col(BEFORE + k).eqNullSafe(col(AFTER + k));
      on = on == null ? eq : on.and(eq);
    }
    Column inBefore = col(IN_BEFORE).isNotNull();
    Column inAfter = col(IN_AFTER).isNotNull();
    List<String> values = columns.stream().filter(c -> !key.contains(c)).toList();
    Column anyChanged = lit(false);
    for (String c : values) {
      anyChanged = anyChanged.or(differs(c));
    }
    Dataset<Row> joined =
        b.join(a, on, "full_outer")
            .withColumn(
                CHANGE,
                when(not(inBefore), lit(Change.ADDED.label()))
                    .when(not(inAfter), lit(Change.REMOVED.label()))
                    .when(anyChanged, lit(Change.CHANGED.label()))
                    .otherwise(lit("unchanged")));
    List<Column> aggs = new ArrayList<>();
    for (String kind : List.of(Change.ADDED.label(), Change.REMOVED.label(), Change.CHANGED.label(), "unchanged")) {
      aggs.add(sum(when(col(CHANGE).equalTo(kind), 1L).otherwise(0L)));
    }
    for (String c : values) {
      aggs.add(sum(when(inBefore.and(inAfter).and(differs(c)), 1L).otherwise(0L)));
    }
    Row counts = joined.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long added = longAt(counts, 0);
    long removed = longAt(counts, 1);
    long changed = longAt(counts, 2);
    long unchanged = longAt(counts, 3);
    Map<String, Long> changedColumns = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      long n = longAt(counts, 4 + i);
      if (n > 0) {
        changedColumns.put(values.get(i), n);
      }
    }
    List<Sample> samples = new ArrayList<>();
    if (added + removed + changed > 0 && sampleRows > 0) {
      Column[] order = key.stream().map(k -> coalesce(col(AFTER + k), col(BEFORE + k))).toArray(Column[]::new);
      List<Column> shown = new ArrayList<>();
      shown.add(col(CHANGE));
      for (String c : columns) {
        shown.add(text(BEFORE + c, c, hidden, hiddenAs));
      }
      for (String c : columns) {
        shown.add(text(AFTER + c, c, hidden, hiddenAs));
      }
      List<Row> rows =
          joined
              .where(col(CHANGE).notEqual("unchanged"))
              .withColumn(RANK, row_number().over(Window.partitionBy(col(CHANGE)).orderBy(order)))
              .where(col(RANK).leq(sampleRows))
              .orderBy(col(CHANGE), col(RANK))
              .select(shown.toArray(Column[]::new))
              .collectAsList();
      for (Row r : rows) {
        Change change = Change.valueOf(r.getString(0).toUpperCase(java.util.Locale.ROOT));
        List<String> was = strings(r, 1, columns.size());
        List<String> now = strings(r, 1 + columns.size(), columns.size());
        samples.add(new Sample(change, change == Change.ADDED ? null : was, change == Change.REMOVED ? null : now));
      }
      samples.sort(java.util.Comparator.comparing(Sample::change));
    }
    return new Result(
        columns, key, null, removed + changed + unchanged, added + changed + unchanged, added, removed, changed,
        unchanged, changedColumns, samples);
  }

  private static Result wholeRows(
      Dataset<Row> b0, Dataset<Row> a0, List<String> columns, String keyNotUsed, int sampleRows, Set<String> hidden,
      String hiddenAs) {
    Dataset<Row> added = a0.exceptAll(b0);
    Dataset<Row> removed = b0.exceptAll(a0);
    long before = b0.count();
    long after = a0.count();
    long addedRows = added.count();
    long removedRows = removed.count();
    List<Sample> samples = new ArrayList<>();
    if (sampleRows > 0) {
      Column[] order = columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
      Column[] shown = columns.stream().map(c -> text(c, c, hidden, hiddenAs)).toArray(Column[]::new);
      if (addedRows > 0) {
        added.orderBy(order).limit(sampleRows).select(shown).collectAsList()
            .forEach(r -> samples.add(new Sample(Change.ADDED, null, strings(r, 0, columns.size()))));
      }
      if (removedRows > 0) {
        removed.orderBy(order).limit(sampleRows).select(shown).collectAsList()
            .forEach(r -> samples.add(new Sample(Change.REMOVED, strings(r, 0, columns.size()), null)));
      }
    }
    return new Result(
        columns, List.of(), keyNotUsed, before, after, addedRows, removedRows, 0, after - addedRows, Map.of(), samples);
  }

  private static Dataset<Row> prefixed(Dataset<Row> rows, List<String> columns, String prefix) {
    return rows.toDF(columns.stream().map(c -> prefix + c).toArray(String[]::new));
  }

  private static Column differs(String column) {
    return not(col(BEFORE + column).eqNullSafe(col(AFTER + column)));
  }

  /** A value as text for a sample; a hidden column's value is not read at all. */
  private static Column text(String source, String column, Set<String> hidden, String hiddenAs) {
    if (hidden.contains(column)) {
      return when(col(source).isNull(), lit(null).cast("string")).otherwise(lit(hiddenAs));
    }
    return col(source).cast("string");
  }

  private static List<String> strings(Row r, int from, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      out.add(r.isNullAt(i) ? null : r.getString(i));
    }
    return out;
  }

  private static long longAt(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }
}
