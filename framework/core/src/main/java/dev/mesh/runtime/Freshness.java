package dev.mesh.runtime;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.ProductDescriptor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Freshness SLAs: of a product since its last successful run, and of an input's newest value. */
public final class Freshness {
  private Freshness() {}

  /** How a product stands against its own freshness SLA. */
  public enum Status {
    OK,
    LATE,
    NEVER_RUN,
    NO_SLA;

    public String label() {
      return switch (this) {
        case OK -> "ok";
        case LATE -> "late";
        case NEVER_RUN -> "never run";
        case NO_SLA -> "no sla";
      };
    }
  }

  public static Status of(Duration maxAge, Instant lastSuccess, Instant now) {
    if (maxAge == null) {
      return lastSuccess == null ? Status.NEVER_RUN : Status.NO_SLA;
    }
    if (lastSuccess == null) {
      return Status.NEVER_RUN;
    }
    return Duration.between(lastSuccess, now).compareTo(maxAge) <= 0 ? Status.OK : Status.LATE;
  }

  /**
   * Checks every declared input freshness: the newest value of the column must lie within {@code max-age} of the end
   * of the logical date. A stale input stops the run before its transform (exit code 4).
   */
  static void checkInputs(ProductDescriptor product, Map<String, ResolvedInput> inputs, LocalDate logicalDate) {
    Instant reference = logicalDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (FreshnessSpec.InputFreshness f : product.sla().freshness().inputs()) {
      ResolvedInput in = inputs.get(f.alias());
      Row newest = in.data().agg(functions.max(functions.col(f.column()))).first();
      Instant value = newest.isNullAt(0) ? null : toInstant(newest.get(0));
      if (value == null || value.isBefore(reference.minus(f.maxAge()))) {
        throw new MeshException(
            ErrorKind.INPUT_MISSING,
            "Cannot run " + product.id() + ": input '" + f.alias() + "' is stale: its newest " + f.column() + " is "
                + (value == null ? "missing (no rows)" : value.toString()) + ", older than " + dev.mesh.render.Durations.declared(f.maxAge())
                + " before the end of the logical date " + logicalDate + ". Run its producer"
                + (in.product() != null ? " (bin/mesh run " + in.product() + " --date " + logicalDate + ")" : "")
                + " first, or relax sla.input-freshness." + f.alias() + " at " + product.originOf("sla.input-freshness." + f.alias()));
      }
    }
  }

  /**
   * When a freshness column's value stops being fresh: a timestamp as it is, a date at the end of its day (UTC).
   *
   * @throws IllegalArgumentException for any other type
   */
  public static Instant toInstant(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof java.sql.Date d) {
      // A date covers its whole day: it is as fresh as the day's end.
      return d.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof LocalDate d) {
      return d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    throw new IllegalArgumentException("freshness column must be a date or timestamp, got " + v.getClass().getSimpleName());
  }
}
