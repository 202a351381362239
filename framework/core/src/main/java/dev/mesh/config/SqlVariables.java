package dev.mesh.config;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a SQL transform, replaced before Spark parses it: {@code ${logical_date}} becomes the run's logical
 * date as a DATE literal, {@code ${run_id}} its id as a string literal. The one rule for the runtime (which runs the
 * SQL) and the configuration check (which parses it when the configuration is loaded).
 */
public final class SqlVariables {
  /** The variables a SQL transform may use, as a message lists them. */
  public static final String AVAILABLE = "${logical_date}, ${run_id}";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private SqlVariables() {}

  /**
   * The SQL with its variables replaced.
   *
   * @param unknown the variables it uses that are not defined, as written (e.g. {@code ${day}}), left in place
   */
  public record Substituted(String sql, List<String> unknown) {
    public Substituted {
      unknown = List.copyOf(unknown);
    }
  }

  public static Substituted substitute(String sql, LocalDate logicalDate, String runId) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    List<String> unknown = new ArrayList<>();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "logical_date" -> "DATE'" + logicalDate + "'";
            case "run_id" -> "'" + runId + "'";
            default -> {
              unknown.add(m.group());
              yield m.group();
            }
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return new Substituted(out.toString(), unknown);
  }
}
