package dev.mesh.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks rules against a schema before anything runs: unknown columns, non-numeric columns where numbers are needed,
 * SQL that does not parse, bounds that cannot hold. Needs no SparkSession and runs no job, so the framework can reject a
 * bad SLA while planning.
 *
 * <p>Columns are matched by top-level name, ignoring case, as Spark does by default ({@code spark.sql.caseSensitive}
 * is off).
 */
public final class RuleValidator {
  private RuleValidator() {}

  /** Every problem found, one sentence each naming the rule; empty when all rules can be evaluated on {@code schema}. */
  public static List<String> validate(StructType schema, List<Rule> rules) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Rule rule : rules) {
      if (!seen.add(rule.name())) {
        problems.add("Rule name " + rule.name() + " is used twice: rule names must be unique within a product.");
      }
      problem(schema, rule).ifPresent(problems::add);
    }
    return problems;
  }

  /** The first problem that keeps {@code rule} from being evaluated on {@code schema}, if any. */
  public static Optional<String> problem(StructType schema, Rule rule) {
    return Optional.ofNullable(check(schema, rule)).map(why -> cannotEvaluate(rule, why));
  }

  private static String check(StructType schema, Rule rule) {
    if (rule instanceof Rule.Completeness r) {
      return firstOf(column(schema, r.column()), fraction("min", r.min()));
    } else if (rule instanceof Rule.NotNull r) {
      return column(schema, r.column());
    } else if (rule instanceof Rule.Unique r) {
      return r.columns().isEmpty()
          ? "it lists no columns."
          : firstOf(r.columns().stream().map(c -> column(schema, c)).toArray(String[]::new));
    } else if (rule instanceof Rule.AllowedValues r) {
      return firstOf(column(schema, r.column()), r.values().isEmpty() ? "it lists no values." : null);
    } else if (rule instanceof Rule.Range r) {
      return firstOf(numericColumn(schema, r.column()), bounds(r.min(), r.max()));
    } else if (rule instanceof Rule.Pattern r) {
      return firstOf(column(schema, r.column()), regex(r.regex()));
    } else if (rule instanceof Rule.Predicate r) {
      return firstOf(sql(schema, r.sql()), fraction("min-fraction", r.minFraction()));
    } else if (rule instanceof Rule.RowCount r) {
      return firstOf(
          r.min() != null && r.min() < 0 ? "its min " + r.min() + " is negative." : null,
          bounds(r.min() == null ? null : r.min().doubleValue(), r.max() == null ? null : r.max().doubleValue()));
    } else if (rule instanceof Rule.ReferentialIntegrity r) {
      return column(schema, r.column());
    } else if (rule instanceof Rule.Anomaly r) {
      return anomaly(schema, r);
    }
    throw RuleMetrics.unknownKind(rule);
  }

  /** The one way messages say a rule could not be evaluated: {@code Rule email_ok (not-null) cannot be evaluated: ...}. */
  public static String cannotEvaluate(Rule rule, String why) {
    return "Rule " + rule.name() + " (" + rule.kind() + ") cannot be evaluated: " + why;
  }

  private static String anomaly(StructType schema, Rule.Anomaly r) {
    String column = null;
    if (r.metric().needsColumn()) {
      if (r.column() == null || r.column().isBlank()) {
        return "metric " + r.metric().label() + " needs a column; set column.";
      }
      column = switch (r.metric()) {
        case MEAN, MIN, MAX, SUM -> numericColumn(schema, r.column());
        default -> column(schema, r.column());
      };
    }
    return firstOf(
        column,
        r.window() < 1 ? "its window " + r.window() + " must be at least 1." : null,
        r.maxRelativeChange() < 0 ? "its max relative change " + r.maxRelativeChange() + " is negative." : null);
  }

  private static String column(StructType schema, String name) {
    if (field(schema, name) != null) {
      return null;
    }
    return "column " + name + " does not exist. Known columns: " + String.join(", ", schema.fieldNames()) + ".";
  }

  private static String numericColumn(StructType schema, String name) {
    StructField field = field(schema, name);
    if (field == null) {
      return column(schema, name);
    }
    DataType type = field.dataType();
    return type instanceof NumericType
        ? null
        : "column " + name + " is " + type.simpleString() + ", not a number.";
  }

  private static StructField field(StructType schema, String name) {
    if (name == null) {
      return null;
    }
    return Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  private static String fraction(String what, double value) {
    return value >= 0 && value <= 1 ? null : "its " + what + " " + value + " is not a fraction between 0 and 1.";
  }

  private static String bounds(Double min, Double max) {
    return min != null && max != null && min > max
        ? "its min " + Format.bound(min) + " is greater than its max " + Format.bound(max) + "."
        : null;
  }

  private static String regex(String regex) {
    try {
      java.util.regex.Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return "its pattern " + regex + " is not a valid regular expression: " + e.getDescription() + ".";
    }
  }

  /** Parses the SQL (no session needed) and checks the columns it names; types are checked at run time. */
  private static String sql(StructType schema, String sql) {
    Expression parsed;
    try {
      parsed = functions.expr(sql).expr();
    } catch (Exception e) { // ParseException extends AnalysisException: checked in Java's eyes, undeclared in Scala
      return "its SQL " + sql + " does not parse: " + firstLine(e.getMessage());
    }
    Set<String> known = Arrays.stream(schema.fieldNames())
        .map(n -> n.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    collectUnknown(parsed, known, unknown);
    return unknown.isEmpty()
        ? null
        : "its SQL " + sql + " names unknown column(s) " + String.join(", ", unknown) + ". Known columns: "
            + String.join(", ", schema.fieldNames()) + ".";
  }

  private static void collectUnknown(Expression e, Set<String> known, List<String> unknown) {
    if (e instanceof UnresolvedAttribute attribute) {
      // the first part names the top-level column; further parts are struct fields
      String top = attribute.nameParts().head();
      if (!known.contains(top.toLowerCase(Locale.ROOT)) && !unknown.contains(attribute.name())) {
        unknown.add(attribute.name());
      }
    }
    scala.collection.Iterator<Expression> children = e.children().iterator();
    while (children.hasNext()) {
      collectUnknown(children.next(), known, unknown);
    }
  }

  private static String firstOf(String... problems) {
    return Arrays.stream(problems).filter(p -> p != null).findFirst().orElse(null);
  }

  /** The first line of an exception message: Spark's analysis errors append the whole plan below it. */
  public static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    // a session's parser starts its message with a line break
    return message.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("(no message)");
  }

}
