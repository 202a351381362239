package dev.mesh.render;

import dev.mesh.model.FreshnessSpec;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleMetrics;
import dev.mesh.quality.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Quality rules and SLAs in the words a person declared them, for every place a person or a contract reads one
 * ({@code mesh catalog show}, {@code mesh quality}, {@code %describe}, ODCS exports, {@code mesh.products}):
 *
 * <pre>
 * not-null(id)                                  completeness(email ≥ 95%)
 * unique(order_date, nation)                    allowed-values(status in F, O, P)
 * range(revenue ≥ 0)                            range(0 ≤ discount ≤ 0.1)
 * pattern(email ~ ^.+@.+$)                      row-count(1 ≤ rows ≤ 25)
 * predicate(valid: a &lt; b)                       predicate(valid: a &lt; b, ≥ 90% of rows)
 * referential-integrity(customer_key → customers.profile.customer_key)
 * anomaly(row-count changes ≤ 50% vs last 7 runs)   anomaly(mean(price) changes ≤ 20% vs last run)
 * </pre>
 *
 * followed by what a failure does when it is not the default (an {@code error} rule blocking publication):
 * {@code [warn]} for a warn rule (recorded, published anyway), {@code → quarantine} for an error rule whose failing
 * rows are quarantined. A warn rule never quarantines, so it shows {@code [warn]} alone. Never a record's
 * {@code toString()}.
 */
public final class RuleText {
  private RuleText() {}

  /** The rule with what its failure does, e.g. {@code range(revenue ≥ 0) [warn]}, {@code not-null(id) → quarantine}. */
  public static String of(Rule rule) {
    return rule.severity() == Severity.WARN ? definition(rule) + " [warn]" : withoutSeverity(rule);
  }

  /**
   * The rule for a place that shows its severity beside it (a severity column, ODCS's {@code severity}): the
   * definition, plus {@code → quarantine} when its failing rows are quarantined.
   */
  public static String withoutSeverity(Rule rule) {
    return quarantines(rule) ? definition(rule) + " → quarantine" : definition(rule);
  }

  /** Whether failing rows of this rule go to quarantine: an error row-level rule with {@code on-failure = quarantine}. */
  public static boolean quarantines(Rule rule) {
    return rule instanceof Rule.RowLevel r && r.severity() == Severity.ERROR && r.onFailure() == OnFailure.QUARANTINE;
  }

  /** What the rule checks, as {@code <kind>(<condition>)}, without severity or on-failure. */
  public static String definition(Rule rule) {
    return rule.kind() + "(" + condition(rule) + ")";
  }

  /** An input freshness SLA: {@code input-freshness(orders.order_date ≤ 2d old)}. */
  public static String of(FreshnessSpec.InputFreshness f) {
    return "input-freshness(" + f.alias() + "." + f.column() + " ≤ " + Durations.declared(f.maxAge()) + " old)";
  }

  private static String condition(Rule rule) {
    if (rule instanceof Rule.NotNull r) {
      return r.column();
    } else if (rule instanceof Rule.Completeness r) {
      return r.column() + " ≥ " + percent(r.min());
    } else if (rule instanceof Rule.Unique r) {
      return String.join(", ", r.columns());
    } else if (rule instanceof Rule.AllowedValues r) {
      return r.column() + " in " + values(r.values());
    } else if (rule instanceof Rule.Range r) {
      return bounds(r.column(), r.min() == null ? null : number(r.min()), r.max() == null ? null : number(r.max()));
    } else if (rule instanceof Rule.Pattern r) {
      return r.column() + " ~ " + r.regex();
    } else if (rule instanceof Rule.RowCount r) {
      return bounds("rows", r.min() == null ? null : r.min().toString(), r.max() == null ? null : r.max().toString());
    } else if (rule instanceof Rule.Predicate r) {
      return r.name() + ": " + oneLine(r.sql()) + (r.minFraction() >= 1 ? "" : ", ≥ " + percent(r.minFraction()) + " of rows");
    } else if (rule instanceof Rule.ReferentialIntegrity r) {
      return r.column() + " → " + r.referenceProduct() + "." + r.referenceColumn();
    } else if (rule instanceof Rule.Anomaly r) {
      return RuleMetrics.anomalyMetric(r.metric(), r.column()) + " changes ≤ " + percent(r.maxRelativeChange())
          + " vs last " + (r.window() == 1 ? "run" : r.window() + " runs");
    }
    throw new IllegalStateException("No text for rule kind " + rule.kind() + " of rule " + rule.name());
  }

  /** {@code x ≥ min}, {@code x ≤ max} or {@code min ≤ x ≤ max}. */
  private static String bounds(String what, String min, String max) {
    if (min != null && max != null) {
      return min + " ≤ " + what + " ≤ " + max;
    }
    return min != null ? what + " ≥ " + min : what + " ≤ " + max;
  }

  /** A bound as declared: {@code 0}, {@code 0.1}, {@code 1000}, never {@code 0.0} or {@code 1.0E3}. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A fraction as an exact percentage: {@code 0.95} is {@code 95%}, {@code 0.999} is {@code 99.9%}, 1 is {@code 100%}. */
  static String percent(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** Values as a list; one that is empty, or holds a comma or quote or edge blanks, is double-quoted. */
  private static String values(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (String v : values) {
      boolean quote = v.isEmpty() || v.contains(",") || v.contains("\"") || !v.strip().equals(v);
      b.append(b.length() == 0 ? "" : ", ").append(quote ? '"' + v.replace("\"", "\\\"") + '"' : v);
    }
    return b.toString();
  }

  /** SQL written over several lines, on one: line breaks and the indentation around them become one space. */
  private static String oneLine(String sql) {
    return sql.strip().replaceAll("\\s*\\R\\s*", Matcher.quoteReplacement(" "));
  }
}
