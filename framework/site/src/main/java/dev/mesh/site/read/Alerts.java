package dev.mesh.site.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The open alerts of {@code mesh.alerts}, read without knowing its schema: the table belongs to the alerting
 * feature, and a catalog may not have it at all. A row is open unless a {@code status} column says it is resolved
 * (or closed) or a {@code resolved_at} column is set.
 */
final class Alerts {
  private static final int MAX = 200;

  private Alerts() {}

  /** The open alerts, each column as text (sorted by column name), or null when there is no {@code mesh.alerts}. */
  static List<SortedMap<String, String>> open(SparkSession spark) {
    Dataset<Row> table;
    try {
      table = spark.table("mesh.alerts");
    } catch (Exception e) { // AnalysisException (no such table or namespace): nothing to show
      return null;
    }
    List<String> columns = CatalogSnapshot.columns(table);
    List<SortedMap<String, String>> out = new ArrayList<>();
    for (Row r : table.collectAsList()) {
      SortedMap<String, String> row = new TreeMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
      }
      String status = row.getOrDefault("status", "").toLowerCase(Locale.ROOT);
      boolean resolved = status.equals("resolved") || status.equals("closed") || !row.getOrDefault("resolved_at", "").isEmpty();
      if (!resolved) {
        out.add(row);
      }
    }
    out.sort(Comparator.comparing(SortedMap::toString));
    return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : out;
  }
}
