package dev.mesh.catalog;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;

/** Reads catalog tables through the catalog store's Spark session (any format, any catalog, any storage). */
public final class SparkCatalogReader implements CatalogReader {
  private final Supplier<CatalogStore> opener;
  private CatalogStore store;

  /** @param opener opens the catalog store (and with it Spark) on the first read, once */
  public SparkCatalogReader(Supplier<CatalogStore> opener) {
    this.opener = opener;
  }

  public SparkCatalogReader(CatalogStore store) {
    this(() -> store);
  }

  @Override
  public List<CatalogRow> read(CatalogTable table, List<String> columns, Predicate<CatalogRow> keep) {
    CatalogStore catalog = store();
    if (!catalog.exists(table)) {
      return List.of();
    }
    return rows(catalog.read(table), columns).stream().filter(keep).toList();
  }

  /** Filtered by Spark in the scan: the driver collects the matching rows only. */
  @Override
  public List<CatalogRow> readWhereIn(CatalogTable table, List<String> columns, String column, Set<String> values) {
    CatalogStore catalog = store();
    if (!catalog.exists(table)) {
      return List.of();
    }
    org.apache.spark.sql.Dataset<Row> df = catalog.read(table);
    if (!Set.of(df.columns()).contains(column)) {
      // An older catalog without the column: it reads as null, which no value matches.
      return List.of();
    }
    return rows(df.where(org.apache.spark.sql.functions.col(column).isin(values.toArray())), columns);
  }

  /**
   * The rows of {@code df} (a catalog table, possibly filtered in Spark) with {@code columns} only, as plain rows; a
   * column it lacks (an older catalog) reads as null.
   */
  public static List<CatalogRow> rows(org.apache.spark.sql.Dataset<Row> df, List<String> columns) {
    Set<String> present = Set.of(df.columns());
    List<String> kept = columns.stream().filter(present::contains).toList();
    if (kept.isEmpty()) {
      return List.of();
    }
    var selected = df.select(kept.get(0), kept.subList(1, kept.size()).toArray(String[]::new));
    List<CatalogRow> out = new ArrayList<>();
    for (Row r : selected.collectAsList()) {
      Map<String, Object> values = new HashMap<>();
      for (int i = 0; i < kept.size(); i++) {
        values.put(kept.get(i), value(r, i, selected.schema().fields()[i].dataType()));
      }
      out.add(new CatalogRow(values));
    }
    return out;
  }

  private synchronized CatalogStore store() {
    if (store == null) {
      store = opener.get();
    }
    return store;
  }

  private static Object value(Row r, int i, DataType type) {
    if (r.isNullAt(i)) {
      return null;
    }
    if (type instanceof ArrayType) {
      return List.copyOf(r.getList(i));
    }
    if (type instanceof MapType) {
      return Map.copyOf(r.getJavaMap(i));
    }
    Object v = r.get(i);
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof Date d) {
      return d.toLocalDate();
    }
    return v;
  }
}
