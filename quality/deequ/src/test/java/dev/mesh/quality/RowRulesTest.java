package dev.mesh.quality;

import static dev.mesh.quality.Fixtures.orders;
import static dev.mesh.quality.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.quality.deequ.DeequQualityEngine;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class RowRulesTest {
  private static final Rule STATUS = new Rule.AllowedValues("status_ok", Severity.ERROR, "status",
      List.of("NEW", "PAID"), OnFailure.QUARANTINE);
  private static final Rule PRICE = new Rule.Range("price_range", Severity.ERROR, "price", 0.0, 100.0,
      OnFailure.QUARANTINE);
  private static final Rule POSITIVE = new Rule.Predicate("price_positive", Severity.ERROR, "price > 0", 1,
      OnFailure.QUARANTINE);
  private static final Rule CODE_WARN = new Rule.Pattern("code_fmt", Severity.WARN, "code", "^[A-Z]{3}-\\d{3}$",
      OnFailure.QUARANTINE);
  private static final Rule EMAIL_BLOCK = new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK);
  private static final Rule PK = new Rule.Unique("pk", Severity.ERROR, List.of("id"));
  private static final Rule ROWS = new Rule.RowCount("rows", Severity.ERROR, 1L, null);
  private static final List<Rule> RULES = List.of(PK, STATUS, CODE_WARN, PRICE, EMAIL_BLOCK, POSITIVE, ROWS);

  private static Dataset<Row> marked;

  /**
   * Row 2 fails the status rule; row 3 the price range and price > 0; row 4 only price > 0 (null price: the range lets
   * nulls through, the predicate does not); row 5 has a bad code, but that rule only warns.
   */
  @BeforeAll
  static void mark(SparkSession spark) {
    Dataset<Row> candidate = orders(spark,
        row(1, "a@x.io", "NEW", 10.0, "ABC-001", 1L),
        row(2, "b@x.io", "LOST", 20.0, "ABC-002", 1L),
        row(3, "c@x.io", "PAID", -5.0, "ABC-003", 1L),
        row(4, "d@x.io", "PAID", null, "ABC-004", 1L),
        row(5, null, "NEW", 50.0, "bad", 1L),
        row(6, "f@x.io", null, 60.0, "ABC-006", 1L));
    marked = RowRules.quarantining(RULES).mark(candidate).cache();
  }

  @AfterAll
  static void release() {
    marked.unpersist();
  }

  private static Map<Long, List<String>> failedRulesById(Dataset<Row> rows) {
    return rows.collectAsList().stream().collect(Collectors.toMap(
        r -> r.getLong(r.fieldIndex("id")),
        r -> r.getList(r.fieldIndex(RowRules.FAILED_RULES))));
  }

  @Test
  void quarantinesOnlyErrorRowLevelRulesMarkedQuarantine() {
    RowRules rowRules = RowRules.quarantining(RULES);

    assertThat(rowRules.rules()).extracting(Rule::name).containsExactly("status_ok", "price_range", "price_positive");
    assertThat(rowRules.remaining(RULES)).containsExactly(PK, CODE_WARN, EMAIL_BLOCK, ROWS);
  }

  @Test
  void marksEachRowWithTheNamesOfTheRulesItFailsInDeclarationOrder() {
    assertThat(marked.schema().apply(RowRules.FAILED_RULES).dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType));
    assertThat(failedRulesById(marked)).containsExactlyInAnyOrderEntriesOf(Map.of(
        1L, List.of(),
        2L, List.of("status_ok"),
        3L, List.of("price_range", "price_positive"),
        4L, List.of("price_positive"),
        5L, List.of(),
        6L, List.of()));
  }

  @Test
  void splitsPassingRowsWithoutTheMarkerFromFailingRowsWithRunId() {
    RowRules rowRules = RowRules.quarantining(RULES);

    Dataset<Row> passing = rowRules.passing(marked);
    assertThat(passing.columns()).doesNotContain(RowRules.FAILED_RULES).hasSize(6);
    assertThat(passing.collectAsList()).extracting(r -> r.getLong(0)).containsExactlyInAnyOrder(1L, 5L, 6L);

    Dataset<Row> quarantine = rowRules.quarantineRows(marked, "run-42");
    assertThat(failedRulesById(quarantine)).containsOnlyKeys(2L, 3L, 4L);
    assertThat(quarantine.select(RowRules.RUN_ID).distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("run-42");
  }

  @Test
  void talliesQuarantinedRowsOverallAndPerRule() {
    QuarantineTally tally = RowRules.quarantining(RULES).tally(marked);

    assertThat(tally.totalRows()).isEqualTo(6);
    assertThat(tally.quarantinedRows()).isEqualTo(3);
    assertThat(tally.rowsByRule()).containsExactly(
        Map.entry("status_ok", 1L), Map.entry("price_range", 1L), Map.entry("price_positive", 2L));
  }

  @Test
  void buildsOneReportFromTheQuarantineAndTheVerificationOfTheRest() {
    RowRules rowRules = RowRules.quarantining(RULES);
    QualityReport verified = new DeequQualityEngine()
        .verify(rowRules.passing(marked), rowRules.remaining(RULES), VerificationContext.none());

    QualityReport report = rowRules.report(rowRules.tally(marked), verified, RULES);

    assertThat(report.outcomes()).extracting(RuleOutcome::rule, RuleOutcome::status, RuleOutcome::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pk", RuleStatus.PASSED, 1.0),
            org.assertj.core.groups.Tuple.tuple("status_ok", RuleStatus.QUARANTINED, 1.0),
            org.assertj.core.groups.Tuple.tuple("code_fmt", RuleStatus.WARNED, 2.0 / 3),
            org.assertj.core.groups.Tuple.tuple("price_range", RuleStatus.QUARANTINED, 1.0),
            org.assertj.core.groups.Tuple.tuple("email_set", RuleStatus.FAILED, 2.0 / 3),
            org.assertj.core.groups.Tuple.tuple("price_positive", RuleStatus.QUARANTINED, 2.0),
            org.assertj.core.groups.Tuple.tuple("rows", RuleStatus.PASSED, 3.0));
    assertThat(report.outcome("price_positive").orElseThrow().message())
        .isEqualTo("In 2 of 6 rows price > 0 does not hold: moved to quarantine.");
    assertThat(report.outcome("price_positive").orElseThrow().metric()).isEqualTo("quarantined-rows");
    assertThat(report.summary()).isEqualTo("7 rules: 2 passed, 1 warned, 1 failed, 3 quarantined");
    // the null email is not a quarantining rule's business: it still blocks
    assertThat(report.blocksPublication()).isTrue();
  }

  @Test
  void withoutQuarantiningRulesEveryRowPasses(SparkSession spark) {
    RowRules none = RowRules.quarantining(List.of(EMAIL_BLOCK, ROWS));
    Dataset<Row> noneMarked = none.mark(orders(spark, row(1, null, "NEW", 1.0, "ABC-001", 1L)));

    assertThat(none.isEmpty()).isTrue();
    assertThat(noneMarked.schema().apply(RowRules.FAILED_RULES).dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType));
    assertThat(none.passing(noneMarked).count()).isEqualTo(1);
    assertThat(none.outcomes(none.tally(noneMarked))).isEmpty();
  }
}
