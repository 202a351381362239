package dev.mesh.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.quality.MetricKind;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule kind, severity and on-failure, and durations, in the words people read. */
class RuleTextTest {
  private static final Severity E = Severity.ERROR;
  private static final Severity W = Severity.WARN;
  private static final OnFailure BLOCK = OnFailure.BLOCK;

  @Test
  void everyRuleKindReadsAsDeclared() {
    assertThat(RuleText.of(new Rule.NotNull("not_null_id", E, "id", BLOCK))).isEqualTo("not-null(id)");
    assertThat(RuleText.of(new Rule.Completeness("c", E, "email", 0.95))).isEqualTo("completeness(email ≥ 95%)");
    assertThat(RuleText.of(new Rule.Completeness("c", E, "email", 0.999))).isEqualTo("completeness(email ≥ 99.9%)");
    assertThat(RuleText.of(new Rule.Completeness("c", E, "email", 1.0))).isEqualTo("completeness(email ≥ 100%)");
    assertThat(RuleText.of(new Rule.Unique("u", E, List.of("id")))).isEqualTo("unique(id)");
    assertThat(RuleText.of(new Rule.Unique("u", E, List.of("order_date", "nation")))).isEqualTo("unique(order_date, nation)");
    assertThat(RuleText.of(new Rule.AllowedValues("a", E, "status", List.of("F", "O", "P"), BLOCK)))
        .isEqualTo("allowed-values(status in F, O, P)");
    assertThat(RuleText.of(new Rule.AllowedValues("a", E, "code", List.of("a,b", "", " x", "c"), BLOCK)))
        .isEqualTo("allowed-values(code in \"a,b\", \"\", \" x\", c)");
    assertThat(RuleText.of(new Rule.Range("r", E, "revenue", 0.0, null, BLOCK))).isEqualTo("range(revenue ≥ 0)");
    assertThat(RuleText.of(new Rule.Range("r", E, "price", null, 1000.0, BLOCK))).isEqualTo("range(price ≤ 1000)");
    assertThat(RuleText.of(new Rule.Range("r", E, "discount", 0.0, 0.1, BLOCK))).isEqualTo("range(0 ≤ discount ≤ 0.1)");
    assertThat(RuleText.of(new Rule.Range("r", E, "t", -2.5, 1e20, BLOCK))).isEqualTo("range(-2.5 ≤ t ≤ 100000000000000000000)");
    assertThat(RuleText.of(new Rule.Pattern("p", E, "email", "^.+@.+$", BLOCK))).isEqualTo("pattern(email ~ ^.+@.+$)");
    assertThat(RuleText.of(new Rule.RowCount("row_count", E, 1L, 25L))).isEqualTo("row-count(1 ≤ rows ≤ 25)");
    assertThat(RuleText.of(new Rule.RowCount("row_count", E, 1L, null))).isEqualTo("row-count(rows ≥ 1)");
    assertThat(RuleText.of(new Rule.RowCount("row_count", E, null, 25L))).isEqualTo("row-count(rows ≤ 25)");
    assertThat(RuleText.of(new Rule.Predicate("valid_range", E, "valid_to > valid_from", 1.0, BLOCK)))
        .isEqualTo("predicate(valid_range: valid_to > valid_from)");
    assertThat(RuleText.of(new Rule.Predicate("mostly", E, "a < b\n   AND b < c ", 0.9, BLOCK)))
        .isEqualTo("predicate(mostly: a < b AND b < c, ≥ 90% of rows)");
    assertThat(RuleText.of(new Rule.ReferentialIntegrity("ri", E, "customer_key", "customers.profile", "customer_key")))
        .isEqualTo("referential-integrity(customer_key → customers.profile.customer_key)");
    assertThat(RuleText.of(new Rule.Anomaly("an", E, MetricKind.ROW_COUNT, null, 0.5, 7)))
        .isEqualTo("anomaly(row-count changes ≤ 50% vs last 7 runs)");
    assertThat(RuleText.of(new Rule.Anomaly("an", E, MetricKind.MEAN, "price", 0.125, 1)))
        .isEqualTo("anomaly(mean(price) changes ≤ 12.5% vs last run)");
    assertThat(RuleText.of(new Rule.Anomaly("an", E, MetricKind.APPROX_DISTINCT_COUNT, "id", 2, 5)))
        .isEqualTo("anomaly(approx-distinct-count(id) changes ≤ 200% vs last 5 runs)");
  }

  @Test
  void severityAndOnFailureAreShownOnlyWhenTheyAreNotTheDefault() {
    // error + block: the default, nothing added
    assertThat(RuleText.of(new Rule.Range("r", E, "x", 0.0, null, OnFailure.BLOCK))).isEqualTo("range(x ≥ 0)");
    // warn: recorded and published anyway; a warn rule never blocks nor quarantines
    assertThat(RuleText.of(new Rule.Range("r", W, "x", 0.0, null, OnFailure.BLOCK))).isEqualTo("range(x ≥ 0) [warn]");
    assertThat(RuleText.of(new Rule.Range("r", W, "x", 0.0, null, OnFailure.QUARANTINE))).isEqualTo("range(x ≥ 0) [warn]");
    // error + quarantine
    assertThat(RuleText.of(new Rule.Range("r", E, "x", 0.0, null, OnFailure.QUARANTINE))).isEqualTo("range(x ≥ 0) → quarantine");
    assertThat(RuleText.of(new Rule.NotNull("n", E, "id", OnFailure.QUARANTINE))).isEqualTo("not-null(id) → quarantine");
    assertThat(RuleText.of(new Rule.Predicate("ok", E, "a < b", 1, OnFailure.QUARANTINE))).isEqualTo("predicate(ok: a < b) → quarantine");
    // non-row-level rules: warn or nothing
    assertThat(RuleText.of(new Rule.Unique("u", W, List.of("id")))).isEqualTo("unique(id) [warn]");
    assertThat(RuleText.of(new Rule.RowCount("row_count", W, null, 25L))).isEqualTo("row-count(rows ≤ 25) [warn]");

    // Where the severity stands beside the text (a severity column, ODCS): only the quarantine is added.
    assertThat(RuleText.withoutSeverity(new Rule.Range("r", W, "x", 0.0, null, OnFailure.BLOCK))).isEqualTo("range(x ≥ 0)");
    assertThat(RuleText.withoutSeverity(new Rule.Range("r", W, "x", 0.0, null, OnFailure.QUARANTINE))).isEqualTo("range(x ≥ 0)");
    assertThat(RuleText.withoutSeverity(new Rule.Range("r", E, "x", 0.0, null, OnFailure.QUARANTINE))).isEqualTo("range(x ≥ 0) → quarantine");
    assertThat(RuleText.withoutSeverity(new Rule.Unique("u", E, List.of("id")))).isEqualTo("unique(id)");
  }

  @Test
  void inputFreshnessReadsAsDeclared() {
    assertThat(RuleText.of(new FreshnessSpec.InputFreshness("orders", "order_date", Duration.ofDays(2))))
        .isEqualTo("input-freshness(orders.order_date ≤ 2d old)");
  }

  @Test
  void durationsReadAsDeclaredInTheirCanonicalShortForm() {
    assertThat(Durations.declared(Duration.ofHours(26))).isEqualTo("26h");
    assertThat(Durations.declared(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(Durations.declared(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Durations.declared(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.declared(Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(Durations.declared(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.declared(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.declared(Duration.ofNanos(250_000))).isEqualTo("250us");
    assertThat(Durations.declared(Duration.ofNanos(7))).isEqualTo("7ns");
    assertThat(Durations.declared(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.declared(Duration.ofHours(-3))).isEqualTo("-3h");
    assertThat(Durations.declared(Duration.ofDays(365 * 1000))).isEqualTo("365000d");
    assertThat(Durations.amount(Duration.ofMinutes(90))).isEqualTo(new Durations.Amount(90, "m"));
  }

  @Test
  void theDeclaredFormReadsBackAsTheSameDuration() {
    for (String declared : List.of("26h", "2d", "48h", "90m", "1.5h", "36 hours", "45s", "1500ms", "250us", "7ns", "0s")) {
      Duration parsed = ConfigFactory.parseString("d = " + declared).getDuration("d");
      String shown = Durations.declared(parsed);
      assertThat(ConfigFactory.parseString("d = " + shown).getDuration("d")).as("%s shown as %s", declared, shown).isEqualTo(parsed);
    }
  }

  @Test
  void elapsedTimesAreRoundedForReading() {
    assertThat(Durations.elapsed(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Durations.elapsed(Duration.ofSeconds(12 * 60 + 5))).isEqualTo("12m");
    assertThat(Durations.elapsed(Duration.ofMinutes(5 * 60 + 12))).isEqualTo("5h 12m");
    assertThat(Durations.elapsed(Duration.ofHours(26))).isEqualTo("26h");
    assertThat(Durations.elapsed(Duration.ofHours(3 * 24 + 4).plusMinutes(59))).isEqualTo("3d 4h");
    assertThat(Durations.elapsed(Duration.ofDays(3))).isEqualTo("3d");
  }
}
