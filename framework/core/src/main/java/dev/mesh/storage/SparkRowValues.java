package dev.mesh.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A Spark row's values in plain Java, for the writers that commit rows without Spark ({@link DeltaKernelTables},
 * {@link IcebergRowAppender}): a row made by Spark holds Scala collections and {@code java.sql} dates, one made by hand
 * may hold Java ones.
 */
final class SparkRowValues {
  private SparkRowValues() {}

  static Instant instant(Object v) {
    return v instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) v;
  }

  static LocalDate date(Object v) {
    return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
  }

  static List<?> list(Object v) {
    return v instanceof scala.collection.Seq<?> s ? scala.collection.JavaConverters.seqAsJavaList(s) : (List<?>) v;
  }

  static Map<?, ?> map(Object v) {
    return v instanceof scala.collection.Map<?, ?> s ? scala.collection.JavaConverters.mapAsJavaMap(s) : (Map<?, ?>) v;
  }
}
