package dev.mesh.render;

import java.time.Duration;
import java.util.Objects;

/**
 * Durations as people write them in {@code conf/} and read them everywhere else: {@code 26h}, {@code 90m},
 * {@code 2d}. The one place that turns a {@link Duration} into text; never {@code PT26H}.
 */
public final class Durations {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The units of the declared form, largest first: what HOCON's duration syntax reads back. */
  private static final String[] UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
  private static final long[] NANOS = {
    86_400 * NANOS_PER_SECOND, 3_600 * NANOS_PER_SECOND, 60 * NANOS_PER_SECOND, NANOS_PER_SECOND, 1_000_000L, 1_000L, 1L
  };

  private Durations() {}

  /**
   * A whole number of one unit: the largest of {@code d, h, m, s, ms, us, ns} that divides the duration exactly.
   *
   * @param value the number of units, negative for a negative duration
   * @param unit {@code d}, {@code h}, {@code m} (minutes), {@code s}, {@code ms}, {@code us} or {@code ns}
   */
  public record Amount(long value, String unit) {
    @Override
    public String toString() {
      return value + unit;
    }
  }

  /**
   * The duration in its declared, canonical short form, which {@code sla.freshness} and {@code max-age} read back as
   * the same duration: one number and one unit, the largest unit that divides it exactly. {@code 26h} stays
   * {@code 26h}, {@code 48h} is {@code 2d}, {@code 1.5h} is {@code 90m}, zero is {@code 0s}.
   */
  public static String declared(Duration d) {
    return amount(d).toString();
  }

  /** {@link #declared} as a number and a unit, for formats that keep them apart (e.g. an ODCS SLA property). */
  public static Amount amount(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isZero()) {
      return new Amount(0, "s");
    }
    boolean negative = d.isNegative();
    Duration abs = d.abs();
    // Whole days and larger: seconds alone keep them exact (no overflow of a long of nanoseconds).
    if (abs.getNano() == 0) {
      long seconds = abs.getSeconds();
      for (int i = 0; i < 4; i++) {
        long per = NANOS[i] / NANOS_PER_SECOND;
        if (seconds % per == 0) {
          return new Amount(negative ? -(seconds / per) : seconds / per, UNITS[i]);
        }
      }
    }
    long nanos = abs.toNanos();
    for (int i = 4; i < UNITS.length; i++) {
      if (nanos % NANOS[i] == 0) {
        return new Amount(negative ? -(nanos / NANOS[i]) : nanos / NANOS[i], UNITS[i]);
      }
    }
    throw new IllegalStateException("unreachable: every duration is a whole number of nanoseconds");
  }

  /**
   * An elapsed time, rounded down for reading at a glance: {@code 42s}, {@code 12m}, {@code 5h 12m}, {@code 3d 4h}.
   * For ages ("last success 5h 12m ago"), not for declared values (use {@link #declared}).
   */
  public static String elapsed(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      return "-" + elapsed(d.negated());
    }
    long seconds = d.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 48) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    return d.toDays() + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }
}
