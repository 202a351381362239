package dev.mesh.quality;

/** Small helpers to write Spark SQL fragments safely. */
final class Sql {
  private Sql() {}

  static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return java.math.BigDecimal.valueOf(value).toPlainString();
  }
}
