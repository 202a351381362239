package analyst;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Looks for clear personal data where it must not be, with plain Spark only (no mesh class): collects every value of
 * the PII columns of the domains' internal tables, then reads every string column (and array of strings) of every
 * other table and reports each value found there — as it is, or inside a longer text such as an error message.
 */
public final class PiiLeakScan {
  /** Texts longer than this are also searched for clear values inside them. */
  private static final int FREE_TEXT = 40;

  /** Clear values shorter than this are not searched inside texts (too likely to occur by chance). */
  private static final int MIN_INSIDE = 8;

  private PiiLeakScan() {}

  /**
   * What a scan found.
   *
   * @param clearValues how many distinct clear values were collected
   * @param scanned the tables read
   * @param leaks one {@code table.column: value} per clear value found outside the internal tables
   */
  public record Result(int clearValues, List<String> scanned, List<String> leaks) {}

  /**
   * @param clearColumns internal table → its PII columns
   * @param tables the tables to search (every table outside the internal namespaces)
   */
  public static Result scan(SparkSession spark, Map<String, List<String>> clearColumns, List<String> tables) {
    Set<String> clear = new HashSet<>();
    for (Map.Entry<String, List<String>> e : clearColumns.entrySet()) {
      Dataset<Row> t = spark.table(e.getKey());
      List<Dataset<Row>> columns = new ArrayList<>();
      for (String c : e.getValue()) {
        columns.add(t.select(functions.lit(c), functions.col(c).cast("string")));
      }
      for (Row r : distinctValues(columns)) {
        if (!r.isNullAt(1) && !r.getString(1).isBlank()) {
          clear.add(r.getString(1));
        }
      }
    }
    // The clear values to look for inside longer texts, by their first MIN_INSIDE characters: a text is looked up once
    // per position instead of searched once per clear value (thousands of them).
    Map<String, List<String>> inside = new HashMap<>();
    for (String c : clear) {
      if (c.length() >= MIN_INSIDE) {
        inside.computeIfAbsent(c.substring(0, MIN_INSIDE), k -> new ArrayList<>()).add(c);
      }
    }
    List<String> leaks = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    for (String table : tables) {
      Dataset<Row> t = spark.table(table);
      scanned.add(table);
      List<Dataset<Row>> columns = new ArrayList<>();
      for (StructField f : t.schema().fields()) {
        Column c = functions.col("`" + f.name() + "`");
        if (f.dataType().equals(DataTypes.StringType)) {
          columns.add(t.select(functions.lit(f.name()), c));
        } else if (f.dataType() instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) {
          columns.add(t.select(functions.lit(f.name()), functions.explode(c)));
        }
      }
      for (Row r : distinctValues(columns)) {
        if (r.isNullAt(1)) {
          continue;
        }
        String column = r.getString(0);
        String v = r.getString(1);
        if (clear.contains(v)) {
          leaks.add(table + "." + column + ": " + v);
        } else if (v.length() > FREE_TEXT) {
          Set<String> found = new TreeSet<>();
          for (int i = 0; i + MIN_INSIDE <= v.length(); i++) {
            for (String c : inside.getOrDefault(v.substring(i, i + MIN_INSIDE), List.of())) {
              if (v.startsWith(c, i)) {
                found.add(c);
              }
            }
          }
          for (String c : found) {
            leaks.add(table + "." + column + ": ..." + c + "...");
          }
        }
      }
    }
    return new Result(clear.size(), scanned, leaks);
  }

  /**
   * The distinct (column name, value) pairs of a table's {@code (name, value)} selections, in one Spark job for the
   * table rather than one per column.
   */
  private static List<Row> distinctValues(List<Dataset<Row>> columns) {
    if (columns.isEmpty()) {
      return List.of();
    }
    Dataset<Row> all = columns.get(0).toDF("column", "value");
    for (Dataset<Row> c : columns.subList(1, columns.size())) {
      all = all.union(c.toDF("column", "value"));
    }
    return all.distinct().collectAsList();
  }
}
