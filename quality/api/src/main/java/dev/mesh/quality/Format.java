package dev.mesh.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are written in thresholds and messages, so reports read the same whatever computed them. */
public final class Format {
  private Format() {}

  /** A bound as the user wrote it: {@code 1000}, {@code 0.95}. */
  public static String bound(double value) {
    return Sql.number(value);
  }

  /** A measured value, rounded for reading: {@code 120.0}, {@code 0.8333}. The outcome keeps the exact value. */
  public static String measured(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    String text = rounded.toPlainString();
    return text.contains(".") ? text : text + ".0";
  }

  /** A fraction as a percentage: {@code 0.5} is {@code 50%}, {@code 0.125} is {@code 12.5%}. */
  public static String percent(double fraction) {
    if (Double.isInfinite(fraction)) {
      return "infinite %";
    }
    BigDecimal pct = BigDecimal.valueOf(fraction * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return pct.toPlainString() + "%";
  }
}
