package dev.mesh.quality.deequ;

import static dev.mesh.quality.Fixtures.cleanOrders;
import static dev.mesh.quality.Fixtures.dirtyOrders;
import static dev.mesh.quality.Fixtures.orders;
import static dev.mesh.quality.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.quality.OnFailure;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import dev.mesh.quality.Severity;
import dev.mesh.quality.SparkSessionExtension;
import dev.mesh.quality.VerificationContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each rule kind passing and failing on small tables whose flaws can be counted by hand (see Fixtures). */
@ExtendWith(SparkSessionExtension.class)
class DeequQualityEngineTest {
  private static final DeequQualityEngine ENGINE = new DeequQualityEngine();
  private static Dataset<Row> clean;
  private static Dataset<Row> dirty;

  @BeforeAll
  static void tables(SparkSession spark) {
    clean = cleanOrders(spark).cache();
    dirty = dirtyOrders(spark).cache();
  }

  private static RuleOutcome verify(Dataset<Row> data, Rule rule) {
    QualityReport report = ENGINE.verify(data, List.of(rule), VerificationContext.none());
    assertThat(report.outcomes()).hasSize(1);
    return report.outcomes().get(0);
  }

  @Test
  void completenessHoldsFromItsMinimumUp() {
    RuleOutcome failed = verify(dirty, new Rule.Completeness("email_complete", Severity.ERROR, "email", 0.95));
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.kind()).isEqualTo("completeness");
    assertThat(failed.metric()).isEqualTo("completeness(email)");
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.threshold()).isEqualTo(">= 0.95");
    assertThat(failed.message()).isEqualTo(
        "completeness(email) = 0.9, expected >= 0.95: email is null in 1 of 10 rows.");

    RuleOutcome atMinimum = verify(dirty, new Rule.Completeness("email_complete", Severity.ERROR, "email", 0.9));
    assertThat(atMinimum.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(atMinimum.message()).isEqualTo("completeness(email) = 0.9, >= 0.9 holds.");
  }

  @Test
  void notNullNeedsEveryValue() {
    Rule rule = new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK);

    RuleOutcome passed = verify(clean, rule);
    assertThat(passed.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(passed.value()).isEqualTo(1.0);

    RuleOutcome failed = verify(dirty, rule);
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.threshold()).isEqualTo("== 1");
    assertThat(failed.message()).endsWith("email is null in 1 of 10 rows.");
  }

  @Test
  void uniqueIsAPrimaryKeyWithoutDuplicates(SparkSession spark) {
    Rule pk = new Rule.Unique("pk", Severity.ERROR, List.of("id"));

    assertThat(verify(clean, pk).status()).isEqualTo(RuleStatus.PASSED);
    RuleOutcome duplicated = verify(dirty, pk);
    assertThat(duplicated.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(duplicated.metric()).isEqualTo("uniqueness(id)");
    assertThat(duplicated.value()).isEqualTo(0.8);
    assertThat(duplicated.message())
        .isEqualTo("uniqueness(id) = 0.8, expected == 1: 2 of 10 rows share their id with another row.");
    // id 7 repeats, but never with the same code
    assertThat(verify(dirty, new Rule.Unique("pk2", Severity.ERROR, List.of("id", "code"))).status())
        .isEqualTo(RuleStatus.PASSED);
  }

  @Test
  void uniqueFailsOnANullKeyEvenIfTheOtherKeysAreUnique(SparkSession spark) {
    Dataset<Row> nullKey = orders(spark,
        row(1, "a@x.io", "NEW", 1.0, "ABC-001", 1L),
        RowFactory.create(null, "b@x.io", "NEW", 2.0, "ABC-002", 1L),
        row(3, "c@x.io", "NEW", 3.0, "ABC-003", 1L));

    RuleOutcome outcome = verify(nullKey, new Rule.Unique("pk", Severity.ERROR, List.of("id")));

    assertThat(outcome.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(outcome.value()).isEqualTo(1.0);
    assertThat(outcome.message()).contains("completeness(id) = 0.6667, expected == 1: id is null in 1 of 3 rows");
  }

  /**
   * The engine counts the rows with a key in its shared scan instead of Deequ's runner counting them apart (see
   * PrimaryKey): its uniqueness is still the value Deequ's own run measures, keys partly null included.
   */
  @Test
  void uniqueMeasuresWhatDeequsOwnRunMeasuresOnPartlyNullKeys(SparkSession spark) {
    // (id, code): (1, A) twice, (2, B) once, (null, C) twice, (3, null) twice, (null, null) once: 7 rows with a key,
    // one of them alone in its group.
    Dataset<Row> keys = orders(spark,
        row(1, "a@x.io", "NEW", 1.0, "A", 1L), row(1, "b@x.io", "NEW", 1.0, "A", 1L),
        row(2, "c@x.io", "NEW", 1.0, "B", 1L),
        RowFactory.create(null, "d@x.io", "NEW", 1.0, "C", 1L), RowFactory.create(null, "e@x.io", "NEW", 1.0, "C", 1L),
        row(3, "f@x.io", "NEW", 1.0, null, 1L), row(3, "g@x.io", "NEW", 1.0, null, 1L),
        RowFactory.create(null, "h@x.io", "NEW", 1.0, null, 1L)).cache();
    List<String> columns = List.of("id", "code");
    com.amazon.deequ.analyzers.Uniqueness deequs =
        com.amazon.deequ.analyzers.Uniqueness.apply(Scala.seq(columns), Scala.none(), Scala.none());
    MetricValue byDeequ = Scala.value(com.amazon.deequ.analyzers.runners.AnalysisRunner.onData(keys)
        .addAnalyzer(Scala.analyzer(deequs)).run().metric(Scala.analyzer(deequs)));

    RuleOutcome outcome = verify(keys, new Rule.Unique("pk", Severity.ERROR, columns));

    assertThat(byDeequ.value()).isEqualTo(1.0 / 7);
    assertThat(outcome.value()).isEqualTo(byDeequ.value());
    assertThat(outcome.message()).startsWith("uniqueness(id,code) = 0.1429, expected == 1: 7 of 8 rows share their");
  }

  @Test
  void allowedValuesRejectOthersButNotNull() {
    Rule rule = new Rule.AllowedValues("status_ok", Severity.ERROR, "status", List.of("NEW", "PAID", "SHIPPED"),
        OnFailure.BLOCK);

    assertThat(verify(clean, rule).status()).isEqualTo(RuleStatus.PASSED);
    RuleOutcome failed = verify(dirty, rule);
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.metric()).isEqualTo("compliance(status_ok)");
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.message()).isEqualTo(
        "compliance(status_ok) = 0.9, expected == 1: in 1 of 10 rows status is not one of NEW, PAID, SHIPPED.");
  }

  @Test
  void rangeChecksBothBounds() {
    RuleOutcome failed = verify(dirty, new Rule.Range("range_price", Severity.ERROR, "price", 0.0, 1000.0,
        OnFailure.BLOCK));
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.metric()).isEqualTo("compliance(range_price)");
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.message()).endsWith("in 1 of 10 rows price is outside [0, 1000].");

    assertThat(verify(clean, new Rule.Range("range_price", Severity.ERROR, "price", 10.0, 100.0, OnFailure.BLOCK))
        .status()).isEqualTo(RuleStatus.PASSED);
    RuleOutcome belowMax = verify(clean, new Rule.Range("upper", Severity.ERROR, "price", null, 50.0, OnFailure.BLOCK));
    assertThat(belowMax.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(belowMax.value()).isEqualTo(0.5);
  }

  @Test
  void patternMatchesEveryValue() {
    Rule rule = new Rule.Pattern("code_fmt", Severity.ERROR, "code", "^[A-Z]{3}-\\d{3}$", OnFailure.BLOCK);

    assertThat(verify(clean, rule).status()).isEqualTo(RuleStatus.PASSED);
    RuleOutcome failed = verify(dirty, rule);
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.message()).endsWith("in 1 of 10 rows code does not match ^[A-Z]{3}-\\d{3}$.");
  }

  @Test
  void predicateNeedsItsMinimumFractionAndCountsNullAsFailing() {
    // price < 95 holds in 9 of the 10 clean rows
    assertThat(verify(clean, new Rule.Predicate("cheap", Severity.ERROR, "price < 95", 0.9, OnFailure.BLOCK))
        .status()).isEqualTo(RuleStatus.PASSED);
    RuleOutcome failed = verify(clean, new Rule.Predicate("cheap", Severity.ERROR, "price < 95", 0.95,
        OnFailure.BLOCK));
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.value()).isEqualTo(0.9);
    assertThat(failed.threshold()).isEqualTo(">= 0.95");
    assertThat(failed.message()).endsWith("in 1 of 10 rows price < 95 does not hold.");
    // the null email of the dirty table makes the predicate null, which fails
    assertThat(verify(dirty, new Rule.Predicate("mail", Severity.ERROR, "email LIKE '%@x.io'", 1, OnFailure.BLOCK))
        .value()).isEqualTo(0.9);
  }

  @Test
  void rowCountMustLieWithinItsBounds() {
    RuleOutcome passed = verify(clean, new Rule.RowCount("rows", Severity.ERROR, 1L, 1000L));
    assertThat(passed.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(passed.metric()).isEqualTo("row-count");
    assertThat(passed.value()).isEqualTo(10.0);
    assertThat(passed.threshold()).isEqualTo("between 1 and 1000");

    RuleOutcome failed = verify(clean, new Rule.RowCount("rows", Severity.ERROR, 11L, null));
    assertThat(failed.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(failed.message()).isEqualTo("row-count = 10.0, expected >= 11.");
  }

  @Test
  void aFailedWarnRuleWarnsAndLetsThePublicationThrough() {
    QualityReport report = ENGINE.verify(dirty, List.of(
        new Rule.NotNull("email_set", Severity.WARN, "email", OnFailure.BLOCK),
        new Rule.RowCount("rows", Severity.ERROR, 1L, null)), VerificationContext.none());

    assertThat(report.outcomes()).extracting(RuleOutcome::status).containsExactly(RuleStatus.WARNED, RuleStatus.PASSED);
    assertThat(report.outcomes().get(0).severity()).isEqualTo(Severity.WARN);
    assertThat(report.blocksPublication()).isFalse();
    assertThat(report.summary()).isEqualTo("2 rules: 1 passed, 1 warned, 0 failed");
  }

  @Test
  void aFailedErrorRuleBlocksThePublication() {
    QualityReport report = ENGINE.verify(dirty, List.of(
        new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK),
        new Rule.RowCount("rows", Severity.WARN, 1L, null)), VerificationContext.none());

    assertThat(report.outcomes()).extracting(RuleOutcome::status).containsExactly(RuleStatus.FAILED, RuleStatus.PASSED);
    assertThat(report.blocksPublication()).isTrue();
    assertThat(report.failures()).extracting(RuleOutcome::rule).containsExactly("email_set");
  }

  @Test
  void anUnknownColumnFailsItsRuleOnlyAndSaysWhich() {
    QualityReport report = ENGINE.verify(dirty, List.of(
        new Rule.Completeness("email_complete", Severity.ERROR, "email", 0.5),
        new Rule.NotNull("ghost_set", Severity.ERROR, "ghost", OnFailure.BLOCK),
        new Rule.Range("ghost_range", Severity.WARN, "ghost", 0.0, 1.0, OnFailure.BLOCK),
        new Rule.RowCount("rows", Severity.ERROR, 1L, null)), VerificationContext.none());

    assertThat(report.outcomes()).extracting(RuleOutcome::rule, RuleOutcome::status, RuleOutcome::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("email_complete", RuleStatus.PASSED, 0.9),
            org.assertj.core.groups.Tuple.tuple("ghost_set", RuleStatus.FAILED, null),
            org.assertj.core.groups.Tuple.tuple("ghost_range", RuleStatus.WARNED, null),
            org.assertj.core.groups.Tuple.tuple("rows", RuleStatus.PASSED, 10.0));
    assertThat(report.outcomes().get(1).message()).isEqualTo(
        "Rule ghost_set (not-null) cannot be evaluated: column ghost does not exist. "
            + "Known columns: id, email, status, price, code, customer_id.");
    assertThat(report.outcomes().get(1).metric()).isEqualTo("completeness(ghost)");
  }

  @Test
  void badSqlFailsItsRuleOnlyInsteadOfTheSharedScan() {
    QualityReport report = ENGINE.verify(clean, List.of(
        new Rule.Predicate("no_such_function", Severity.ERROR, "nosuchfn(price) > 1", 1, OnFailure.BLOCK),
        new Rule.Predicate("not_boolean", Severity.ERROR, "price + 1", 1, OnFailure.BLOCK),
        new Rule.Predicate("cheap", Severity.ERROR, "price <= 100", 1, OnFailure.BLOCK),
        new Rule.Predicate("unparsable", Severity.WARN, "price >>> 1 (", 1, OnFailure.BLOCK)),
        VerificationContext.none());

    assertThat(report.outcomes()).extracting(RuleOutcome::status)
        .containsExactly(RuleStatus.FAILED, RuleStatus.FAILED, RuleStatus.PASSED, RuleStatus.WARNED);
    // with a session the parser's message starts with a line break: the first line must not come out empty
    assertThat(report.outcomes().get(3).message()).startsWith(
        "Rule unparsable (predicate) cannot be evaluated: its SQL price >>> 1 ( does not parse: [PARSE_SYNTAX_ERROR]");
    assertThat(report.outcomes().get(0).message())
        .startsWith("Rule no_such_function (predicate) cannot be evaluated: its SQL nosuchfn(price) > 1 does not "
            + "resolve on the candidate: [UNRESOLVED_ROUTINE]");
    assertThat(report.outcomes().get(1).message()).isEqualTo(
        "Rule not_boolean (predicate) cannot be evaluated: its SQL price + 1 is of type double, not boolean.");
    assertThat(report.outcomes().get(2).value()).isEqualTo(1.0);
  }

  @Test
  void aMetricDeequCannotComputeFailsWithDeequsReason(SparkSession spark) {
    Dataset<Row> noPrices = orders(spark, row(1, "a@x.io", "NEW", null, "ABC-001", 1L));

    RuleOutcome outcome = verify(noPrices, new Rule.Anomaly("mean_price", Severity.WARN,
        dev.mesh.quality.MetricKind.MEAN, "price", 0.5, 3));

    assertThat(outcome.status()).isEqualTo(RuleStatus.WARNED);
    assertThat(outcome.value()).isNull();
    assertThat(outcome.message()).startsWith("Rule mean_price (anomaly) cannot be evaluated: could not compute "
        + "mean(price): ");
  }

  @Test
  void onAnEmptyCandidateRowRulesHoldForWantOfRowsButTheRowCountDoesNot(SparkSession spark) {
    QualityReport report = ENGINE.verify(clean.limit(0), List.of(
        new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK),
        new Rule.Unique("pk", Severity.ERROR, List.of("id")),
        new Rule.RowCount("rows", Severity.ERROR, 1L, null)), VerificationContext.none());

    assertThat(report.outcomes()).extracting(RuleOutcome::status)
        .containsExactly(RuleStatus.PASSED, RuleStatus.PASSED, RuleStatus.FAILED);
    assertThat(report.outcomes().get(0).message()).isEqualTo("The candidate has no rows: nothing to check.");
    assertThat(report.outcomes().get(2).value()).isEqualTo(0.0);
  }

  @Test
  void validateListsSchemaProblemsWithoutRunningAnything() {
    assertThat(ENGINE.validate(dev.mesh.quality.Fixtures.ORDERS, List.of(
        new Rule.NotNull("email_set", Severity.ERROR, "email", OnFailure.BLOCK),
        new Rule.NotNull("ghost_set", Severity.ERROR, "ghost", OnFailure.BLOCK))))
        .containsExactly("Rule ghost_set (not-null) cannot be evaluated: column ghost does not exist. "
            + "Known columns: id, email, status, price, code, customer_id.");
  }
}
