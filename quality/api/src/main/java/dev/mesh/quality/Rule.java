package dev.mesh.quality;

import java.util.List;
import java.util.Objects;

/**
 * One declared quality rule of a data product. Rules are values: they say what good data means, not how it is
 * checked; {@link QualityEngine} compiles all rules of a product into one verification run.
 *
 * <p>Row-level rules ({@link RowLevel}) judge each row on its own, so their failing rows can be quarantined.
 */
public sealed interface Rule {

  /** Unique within a product; names the rule in reports and in the {@code mesh.quality} table. */
  String name();

  Severity severity();

  /** The rule kind as written in configuration, e.g. {@code not-null}. */
  String kind();

  /** A rule whose outcome is decided row by row: its failing rows can be quarantined. */
  sealed interface RowLevel extends Rule {
    OnFailure onFailure();

    /** A Spark SQL boolean expression that holds for a passing row (null counts as failing). */
    String passingRowPredicate();
  }

  /** The fraction of non-null values in {@code column} is at least {@code min} (0..1). */
  record Completeness(String name, Severity severity, String column, double min) implements Rule {
    public Completeness {
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String kind() {
      return "completeness";
    }
  }

  /** Every value of {@code column} is non-null. */
  record NotNull(String name, Severity severity, String column, OnFailure onFailure) implements RowLevel {
    @Override
    public String kind() {
      return "not-null";
    }

    @Override
    public String passingRowPredicate() {
      return Sql.quote(column) + " IS NOT NULL";
    }
  }

  /** The combination of {@code columns} is unique and non-null (a primary key). */
  record Unique(String name, Severity severity, List<String> columns) implements Rule {
    public Unique {
      columns = List.copyOf(columns);
    }

    @Override
    public String kind() {
      return "unique";
    }
  }

  /** Every non-null value of {@code column} is one of {@code values}. */
  record AllowedValues(String name, Severity severity, String column, List<String> values, OnFailure onFailure)
      implements RowLevel {
    public AllowedValues {
      values = List.copyOf(values);
    }

    @Override
    public String kind() {
      return "allowed-values";
    }

    @Override
    public String passingRowPredicate() {
      StringBuilder in = new StringBuilder();
      for (String v : values) {
        in.append(in.length() == 0 ? "" : ", ").append(Sql.literal(v));
      }
      return Sql.quote(column) + " IS NULL OR CAST(" + Sql.quote(column) + " AS STRING) IN (" + in + ")";
    }
  }

  /** Every non-null value of {@code column} lies in [min, max]; either bound may be null (open). */
  record Range(String name, Severity severity, String column, Double min, Double max, OnFailure onFailure)
      implements RowLevel {
    @Override
    public String kind() {
      return "range";
    }

    @Override
    public String passingRowPredicate() {
      String c = Sql.quote(column);
      StringBuilder p = new StringBuilder(c).append(" IS NULL OR (true");
      if (min != null) {
        p.append(" AND ").append(c).append(" >= ").append(Sql.number(min));
      }
      if (max != null) {
        p.append(" AND ").append(c).append(" <= ").append(Sql.number(max));
      }
      return p.append(')').toString();
    }
  }

  /** Every non-null value of {@code column} matches the regular expression {@code regex} (Java syntax). */
  record Pattern(String name, Severity severity, String column, String regex, OnFailure onFailure)
      implements RowLevel {
    @Override
    public String kind() {
      return "pattern";
    }

    @Override
    public String passingRowPredicate() {
      return Sql.quote(column) + " IS NULL OR CAST(" + Sql.quote(column) + " AS STRING) RLIKE " + Sql.literal(regex);
    }
  }

  /** The number of rows lies in [min, max]; either bound may be null (open). */
  record RowCount(String name, Severity severity, Long min, Long max) implements Rule {
    @Override
    public String kind() {
      return "row-count";
    }
  }

  /** The Spark SQL predicate {@code sql} holds for at least {@code minFraction} (0..1) of the rows. */
  record Predicate(String name, Severity severity, String sql, double minFraction, OnFailure onFailure)
      implements RowLevel {
    @Override
    public String kind() {
      return "predicate";
    }

    @Override
    public String passingRowPredicate() {
      return "coalesce((" + sql + "), false)";
    }
  }

  /**
   * Every non-null value of {@code column} exists in column {@code referenceColumn} of the data product
   * {@code referenceProduct} (its published version).
   */
  record ReferentialIntegrity(
      String name, Severity severity, String column, String referenceProduct, String referenceColumn)
      implements Rule {
    @Override
    public String kind() {
      return "referential-integrity";
    }
  }

  /**
   * The metric may not move by more than {@code maxRelativeChange} (e.g. 0.5 = 50%) against the mean of its last
   * {@code window} recorded values; with no history yet the rule passes and says so.
   */
  record Anomaly(
      String name, Severity severity, MetricKind metric, String column, double maxRelativeChange, int window)
      implements Rule {
    @Override
    public String kind() {
      return "anomaly";
    }
  }
}
