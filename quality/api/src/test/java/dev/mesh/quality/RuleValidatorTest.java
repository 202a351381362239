package dev.mesh.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("Email", DataTypes.StringType)
      .add("price", DataTypes.DoubleType);

  @Test
  void acceptsRulesThatCanBeEvaluatedIgnoringTheCaseOfColumnNames() {
    List<Rule> rules = List.of(
        new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK),
        new Rule.Unique("pk", Severity.ERROR, List.of("id")),
        new Rule.Range("price_range", Severity.ERROR, "price", 0.0, 10.0, OnFailure.BLOCK),
        new Rule.Predicate("cheap", Severity.WARN, "price < 100 AND length(email) > 3", 0.9, OnFailure.BLOCK),
        new Rule.RowCount("rows", Severity.ERROR, 1L, null),
        new Rule.Anomaly("rows_stable", Severity.WARN, MetricKind.ROW_COUNT, null, 0.5, 3));

    assertThat(RuleValidator.validate(SCHEMA, rules)).isEmpty();
  }

  @Test
  void namesTheRuleAndTheUnknownColumnAndListsTheKnownOnes() {
    List<String> problems = RuleValidator.validate(SCHEMA, List.of(
        new Rule.Completeness("mail_ok", Severity.ERROR, "mail", 0.9),
        new Rule.Unique("pk", Severity.ERROR, List.of("id", "line"))));

    assertThat(problems).containsExactly(
        "Rule mail_ok (completeness) cannot be evaluated: column mail does not exist. Known columns: id, Email, price.",
        "Rule pk (unique) cannot be evaluated: column line does not exist. Known columns: id, Email, price.");
  }

  @Test
  void findsUnknownColumnsAndSyntaxErrorsInSql() {
    assertThat(RuleValidator.validate(SCHEMA, List.of(
        new Rule.Predicate("p", Severity.ERROR, "price > discount AND id > 0", 1, OnFailure.BLOCK))))
        .singleElement().asString()
        .startsWith("Rule p (predicate) cannot be evaluated: its SQL price > discount AND id > 0 names unknown column(s) "
            + "discount.");
    assertThat(RuleValidator.validate(SCHEMA, List.of(
        new Rule.Predicate("p", Severity.ERROR, "price >>> 1 (", 1, OnFailure.BLOCK))))
        .singleElement().asString()
        .startsWith("Rule p (predicate) cannot be evaluated: its SQL price >>> 1 ( does not parse: [PARSE_SYNTAX_ERROR]");
  }

  @Test
  void findsImpossibleSettings() {
    assertThat(RuleValidator.validate(SCHEMA, List.of(
        new Rule.Range("r", Severity.ERROR, "Email", 0.0, 1.0, OnFailure.BLOCK),
        new Rule.RowCount("rc", Severity.ERROR, 10L, 5L),
        new Rule.Pattern("pt", Severity.ERROR, "email", "[a-", OnFailure.BLOCK),
        new Rule.Completeness("c", Severity.ERROR, "id", 1.5),
        new Rule.Anomaly("a", Severity.ERROR, MetricKind.MEAN, "Email", 0.5, 3),
        new Rule.Anomaly("w", Severity.ERROR, MetricKind.ROW_COUNT, null, 0.5, 0))))
        .containsExactly(
            "Rule r (range) cannot be evaluated: column Email is string, not a number.",
            "Rule rc (row-count) cannot be evaluated: its min 10 is greater than its max 5.",
            "Rule pt (pattern) cannot be evaluated: its pattern [a- is not a valid regular expression: "
                + "Illegal character range.",
            "Rule c (completeness) cannot be evaluated: its min 1.5 is not a fraction between 0 and 1.",
            "Rule a (anomaly) cannot be evaluated: column Email is string, not a number.",
            "Rule w (anomaly) cannot be evaluated: its window 0 must be at least 1.");
  }

  @Test
  void findsDuplicateRuleNames() {
    assertThat(RuleValidator.validate(SCHEMA, List.of(
        new Rule.NotNull("id_set", Severity.ERROR, "id", OnFailure.BLOCK),
        new Rule.NotNull("id_set", Severity.WARN, "id", OnFailure.BLOCK))))
        .containsExactly("Rule name id_set is used twice: rule names must be unique within a product.");
  }
}
