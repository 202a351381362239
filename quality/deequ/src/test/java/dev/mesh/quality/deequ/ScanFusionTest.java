package dev.mesh.quality.deequ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.quality.JobCounter;
import dev.mesh.quality.MetricKind;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleStatus;
import dev.mesh.quality.Severity;
import dev.mesh.quality.SparkSessionExtension;
import dev.mesh.quality.VerificationContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * All rules of a product share one scan: the number of Spark jobs of a verification does not grow with the number of
 * non-grouping rules. As Deequ's own suite does, this counts jobs rather than trusting the design.
 */
@ExtendWith(SparkSessionExtension.class)
class ScanFusionTest {
  private static final DeequQualityEngine ENGINE = new DeequQualityEngine();

  /** Ten rules on six columns, none of them grouping (no uniqueness, no exact distinct count, no join). */
  private static final List<Rule> TEN = List.of(
      new Rule.Completeness("a_complete", Severity.ERROR, "a", 0.9),
      new Rule.NotNull("b_set", Severity.ERROR, "b", OnFailure.BLOCK),
      new Rule.AllowedValues("c_known", Severity.ERROR, "c", List.of("x", "y", "z"), OnFailure.BLOCK),
      new Rule.Range("d_range", Severity.ERROR, "d", 0.0, 1000.0, OnFailure.BLOCK),
      new Rule.Pattern("e_code", Severity.ERROR, "e", "^E\\d+$", OnFailure.BLOCK),
      new Rule.Predicate("d_below_a", Severity.WARN, "d <= a * 10", 0.99, OnFailure.BLOCK),
      new Rule.RowCount("rows", Severity.ERROR, 1L, 1_000_000L),
      new Rule.Anomaly("d_mean", Severity.WARN, MetricKind.MEAN, "d", 0.5, 3),
      new Rule.Anomaly("f_max", Severity.WARN, MetricKind.MAX, "f", 0.5, 3),
      new Rule.Anomaly("a_distinct", Severity.WARN, MetricKind.APPROX_DISTINCT_COUNT, "a", 0.5, 3));

  private static Dataset<Row> data(SparkSession spark) {
    return spark.range(10_000).selectExpr(
        "id AS a", "id % 7 AS b", "element_at(array('x', 'y', 'z'), CAST(id % 3 + 1 AS INT)) AS c",
        "CAST(id % 1000 AS DOUBLE) AS d", "concat('E', id) AS e", "id * 2 AS f");
  }

  @Test
  void tenColumnRulesCostNoMoreJobsThanTwo(SparkSession spark) {
    Dataset<Row> data = data(spark);
    List<Rule> two = TEN.subList(0, 2);
    QualityReport warmUp = ENGINE.verify(data, TEN, VerificationContext.none());
    assertThat(warmUp.outcomes()).hasSize(10).extracting(o -> o.status()).containsOnly(RuleStatus.PASSED);
    // the row count comes out of the same scan, so the runner needs no job of its own for it
    assertThat(warmUp.rows()).hasValue(10_000);

    int jobsForTwo = JobCounter.count(spark, () -> ENGINE.verify(data, two, VerificationContext.none()));
    int jobsForTen = JobCounter.count(spark, () -> ENGINE.verify(data, TEN, VerificationContext.none()));

    assertThat(jobsForTen).isEqualTo(jobsForTwo);
    // one aggregation, one job: adaptive execution (on in this session) would add a job per query stage
    assertThat(jobsForTwo).isEqualTo(1);
  }

  /**
   * A uniqueness rule adds one pass, one job: the grouping of its key into frequencies (the rows with a key are counted
   * in the shared scan, not in a job of their own as Deequ's runner counts them); the frequencies get as many
   * partitions as the candidate, not the session's 200; the session's own options are back when the verification
   * returns.
   */
  @Test
  void aUniquenessRuleCostsOneJobAPassOverAsManyPartitionsAsTheCandidate(SparkSession spark) {
    SparkSession session = spark.newSession();
    session.conf().set("spark.sql.shuffle.partitions", "200");
    session.conf().set("spark.sql.adaptive.enabled", "true");
    Dataset<Row> data = data(session).repartition(3).cache();
    List<Rule> rules = List.of(
        new Rule.Unique("a_unique", Severity.ERROR, List.of("a")), new Rule.RowCount("rows", Severity.ERROR, 1L, null));
    try {
      ENGINE.verify(data, rules, VerificationContext.none());
      TaskCounter tasks = new TaskCounter();
      QualityReport[] report = new QualityReport[1];
      spark.sparkContext().addSparkListener(tasks);
      int jobs;
      try {
        jobs = JobCounter.count(spark, () -> report[0] = ENGINE.verify(data, rules, VerificationContext.none()));
      } finally {
        spark.sparkContext().removeSparkListener(tasks);
      }
      assertThat(report[0].outcomes()).extracting(o -> o.status()).containsOnly(RuleStatus.PASSED);
      assertThat(jobs).isEqualTo(2);
      // Two passes over the 3 cached partitions: the scan ends in one task, the frequencies in as many as the
      // candidate has, then one (11 tasks; with the session's 200 shuffle partitions, over 200).
      assertThat(tasks.count()).isPositive().isLessThanOrEqualTo(2 * (3 + 3));
      assertThat(session.conf().get("spark.sql.shuffle.partitions")).isEqualTo("200");
      assertThat(session.conf().get("spark.sql.adaptive.enabled")).isEqualTo("true");
    } finally {
      data.unpersist(true);
    }
  }

  /**
   * A unique rule on the grouping key of an aggregate product costs no pass of its own: the candidate's plan makes the
   * key distinct ({@link PlanKeys}), so its uniqueness is 1 without grouping the key again, and the rule passes with the
   * value and words the grouping gives. Where the plan does not vouch for the key (an expression over it, a grouping by
   * more columns than the key, a union of aggregates) the key is grouped as before, and the duplicates are found.
   */
  @Test
  void aUniqueRuleOnTheGroupingKeyOfAnAggregateCostsNoPassOfItsOwn(SparkSession spark) {
    Dataset<Row> rows = spark.range(10_000).selectExpr("id % 100 AS k", "id % 7 AS j", "id AS v");
    Dataset<Row> byKey = rows.groupBy("k").agg(org.apache.spark.sql.functions.sum("v").alias("total")).cache();
    // the same 100 rows, through an expression Spark cannot see is one-to-one
    Dataset<Row> rekeyed = byKey.selectExpr("k + 0 AS k", "total").cache();
    // 700 rows, each k with its 7 values of j: unique per (k, j), 7 rows per k
    Dataset<Row> byKeyAndJ = rows.groupBy("k", "j").agg(org.apache.spark.sql.functions.sum("v").alias("total")).cache();
    Dataset<Row> twice = byKey.union(byKey).cache();
    List<Rule> unique = List.of(new Rule.Unique("k_unique", Severity.ERROR, List.of("k")));
    try {
      for (Dataset<Row> d : List.of(byKey, rekeyed, byKeyAndJ, twice)) {
        ENGINE.verify(d, unique, VerificationContext.none()); // computes the caches, as the runner's first scan does
      }
      QualityReport[] proven = new QualityReport[1];
      QualityReport[] counted = new QualityReport[1];
      int provenJobs = JobCounter.count(spark, () -> proven[0] = ENGINE.verify(byKey, unique, VerificationContext.none()));
      int countedJobs = JobCounter.count(spark, () -> counted[0] = ENGINE.verify(rekeyed, unique, VerificationContext.none()));

      assertThat(provenJobs).as("the shared scan alone").isEqualTo(1);
      assertThat(countedJobs).as("the shared scan and the key's grouping").isEqualTo(2);
      assertThat(proven[0].outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(RuleStatus.PASSED);
        assertThat(o.value()).isEqualTo(1.0);
      });
      assertThat(proven[0].outcomes()).isEqualTo(counted[0].outcomes());
      // a key within the distinct one (k) is distinct too
      int widerJobs = JobCounter.count(spark, () -> assertThat(ENGINE.verify(byKey,
          List.of(new Rule.Unique("k_total", Severity.ERROR, List.of("total", "k"))), VerificationContext.none())
          .outcomes()).singleElement().extracting(o -> o.status()).isEqualTo(RuleStatus.PASSED));
      assertThat(widerJobs).isEqualTo(1);

      for (Dataset<Row> duplicated : List.of(byKeyAndJ, twice)) {
        QualityReport[] report = new QualityReport[1];
        int jobs = JobCounter.count(spark, () -> report[0] = ENGINE.verify(duplicated, unique, VerificationContext.none()));
        assertThat(jobs).isEqualTo(2);
        assertThat(report[0].outcomes()).singleElement().satisfies(o -> {
          assertThat(o.status()).isEqualTo(RuleStatus.FAILED);
          assertThat(o.value()).isEqualTo(0.0);
        });
      }
    } finally {
      for (Dataset<Row> d : List.of(byKey, rekeyed, byKeyAndJ, twice)) {
        d.unpersist(true);
      }
    }
  }

  /** Counts the tasks that end while it listens. */
  private static final class TaskCounter extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd taskEnd) {
      tasks.incrementAndGet();
    }

    int count() {
      return tasks.get();
    }
  }

  @Test
  void theCounterSeesEverySuiteWhenRulesAreNotFused(SparkSession spark) {
    Dataset<Row> data = data(spark);
    ENGINE.verify(data, TEN.subList(0, 1), VerificationContext.none());
    int jobsForOne = JobCounter.count(spark,
        () -> ENGINE.verify(data, TEN.subList(0, 1), VerificationContext.none()));

    int jobsOneByOne = JobCounter.count(spark,
        () -> TEN.subList(0, 3).forEach(r -> ENGINE.verify(data, List.of(r), VerificationContext.none())));

    assertThat(jobsOneByOne).isEqualTo(3 * jobsForOne);
  }
}
