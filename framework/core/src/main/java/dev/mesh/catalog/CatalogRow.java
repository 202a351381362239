package dev.mesh.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One row of a catalog table as plain Java values, whichever reader produced it: strings, {@code Long}, {@code
 * Integer}, {@code Double}, {@code Boolean}, {@link Instant} (timestamps), {@link LocalDate} (dates), {@code List} and
 * {@code Map}. A column the table does not have (yet: a warehouse older than the column) reads as null.
 */
public record CatalogRow(Map<String, Object> values) {

  public Object get(String column) {
    return values.get(column);
  }

  public boolean isNull(String column) {
    return values.get(column) == null;
  }

  public String string(String column) {
    return (String) values.get(column);
  }

  public Long longValue(String column) {
    Object v = values.get(column);
    return v == null ? null : ((Number) v).longValue();
  }

  public Double doubleValue(String column) {
    Object v = values.get(column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  public Instant instant(String column) {
    return (Instant) values.get(column);
  }

  public LocalDate date(String column) {
    return (LocalDate) values.get(column);
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String column) {
    Object v = values.get(column);
    return v == null ? List.of() : Collections.unmodifiableList((List<String>) v);
  }

  /**
   * The value as the commands print it; a timestamp as {@code yyyy-MM-dd HH:mm:ss.f} in the JVM's time zone, as Spark
   * SQL shows it, so that {@code mesh status} and {@code mesh sql} on the same row agree.
   */
  public String text(String column) {
    Object v = values.get(column);
    if (v instanceof Instant i) {
      return Timestamp.from(i).toString();
    }
    return v == null ? null : String.valueOf(v);
  }
}
