package analyst;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      for (String c : e.getValue()) {
        for (Row r : t.select(functions.col(c).cast("string")).distinct().collectAsList()) {
          if (!r.isNullAt(0) && !r.getString(0).isBlank()) {
            clear.add(r.getString(0));
          }
        }
      }
    }
    List<String> inside = clear.stream().filter(v -> v.length() >= MIN_INSIDE).toList();
    List<String> leaks = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    for (String table : tables) {
      Dataset<Row> t = spark.table(table);
      scanned.add(table);
      for (StructField f : t.schema().fields()) {
        Dataset<Row> values;
        if (f.dataType().equals(DataTypes.StringType)) {
          values = t.select(functions.col("`" + f.name() + "`"));
        } else if (f.dataType() instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) {
          values = t.select(functions.explode(functions.col("`" + f.name() + "`")));
        } else {
          continue;
        }
        for (Row r : values.distinct().collectAsList()) {
          if (r.isNullAt(0)) {
            continue;
          }
          String v = r.getString(0);
          if (clear.contains(v)) {
            leaks.add(table + "." + f.name() + ": " + v);
          } else if (v.length() > FREE_TEXT) {
            for (String c : inside) {
              if (v.contains(c)) {
                leaks.add(table + "." + f.name() + ": ..." + c + "...");
              }
            }
          }
        }
      }
    }
    return new Result(clear.size(), scanned, leaks);
  }
}
