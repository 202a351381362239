package dev.mesh.quality;

import java.util.Locale;

/**
 * The metric each rule measures and its threshold in words, as they appear in {@link RuleOutcome} and as the keys of
 * a product's metric history ({@link VerificationContext#history}). One place, so every engine names them alike.
 */
public final class RuleMetrics {
  private RuleMetrics() {}

  /** E.g. {@code completeness(email)}, {@code uniqueness(order_id,line)}, {@code compliance(range_price)}. */
  public static String metricName(Rule rule) {
    if (rule instanceof Rule.Completeness r) {
      return "completeness(" + r.column() + ")";
    } else if (rule instanceof Rule.NotNull r) {
      return "completeness(" + r.column() + ")";
    } else if (rule instanceof Rule.Unique r) {
      return "uniqueness(" + String.join(",", r.columns()) + ")";
    } else if (rule instanceof Rule.RowLevel) {
      return "compliance(" + rule.name() + ")";
    } else if (rule instanceof Rule.RowCount) {
      return "row-count";
    } else if (rule instanceof Rule.ReferentialIntegrity r) {
      return "referential-integrity(" + r.column() + " in " + r.referenceProduct() + "." + r.referenceColumn() + ")";
    } else if (rule instanceof Rule.Anomaly r) {
      return anomalyMetric(r.metric(), r.column());
    }
    throw unknownKind(rule);
  }

  /** The metric an anomaly rule watches: {@code row-count}, {@code mean(price)}, ... */
  public static String anomalyMetric(MetricKind kind, String column) {
    return kind.needsColumn() ? kind.label() + "(" + column + ")" : kind.label();
  }

  /** The metric of a quarantining rule: how many rows it moved to quarantine. */
  public static String quarantinedRows() {
    return "quarantined-rows";
  }

  /**
   * The threshold in words, e.g. {@code >= 0.95}, {@code == 1}, {@code between 1 and 1000}. For anomaly rules this is
   * the allowed change alone ({@code change <= 50%}); the outcome adds the mean it compared against.
   */
  public static String threshold(Rule rule) {
    if (rule instanceof Rule.Completeness r) {
      return ">= " + Format.bound(r.min());
    } else if (rule instanceof Rule.Predicate r) {
      return ">= " + Format.bound(r.minFraction());
    } else if (rule instanceof Rule.RowCount r) {
      return between(r.min(), r.max());
    } else if (rule instanceof Rule.Anomaly r) {
      return "change <= " + Format.percent(r.maxRelativeChange());
    }
    // not-null, unique, allowed-values, range, pattern, referential-integrity: every row or value must hold
    return "== 1";
  }

  /**
   * What a row failing a row-level rule is wrong about, in words: {@code status is not one of NEW, PAID},
   * {@code price is outside [0, 1000]}, {@code code does not match ^[A-Z]+$}, {@code price < 95 does not hold}.
   */
  public static String violation(Rule.RowLevel rule) {
    if (rule instanceof Rule.NotNull r) {
      return r.column() + " is null";
    } else if (rule instanceof Rule.AllowedValues r) {
      return r.column() + " is not one of " + String.join(", ", r.values());
    } else if (rule instanceof Rule.Range r) {
      return r.column() + " is outside [" + (r.min() == null ? "-inf" : Format.bound(r.min())) + ", "
          + (r.max() == null ? "+inf" : Format.bound(r.max())) + "]";
    } else if (rule instanceof Rule.Pattern r) {
      return r.column() + " does not match " + r.regex();
    } else if (rule instanceof Rule.Predicate r) {
      return r.sql() + " does not hold";
    }
    throw unknownKind(rule);
  }

  /** The SQL a user wrote or a rule implies, for messages: a predicate's own SQL rather than its null-safe wrapper. */
  public static String sql(Rule.RowLevel rule) {
    return rule instanceof Rule.Predicate p ? p.sql() : rule.passingRowPredicate();
  }

  static IllegalStateException unknownKind(Rule rule) {
    return new IllegalStateException("Unknown rule kind " + rule.kind() + " of rule " + rule.name());
  }

  private static String between(Long min, Long max) {
    if (min != null && max != null) {
      return String.format(Locale.ROOT, "between %d and %d", min, max);
    }
    if (min != null) {
      return ">= " + min;
    }
    return max != null ? "<= " + max : "any";
  }
}
