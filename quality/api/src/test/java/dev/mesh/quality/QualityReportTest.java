package dev.mesh.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityReportTest {
  private static final Rule.NotNull ERROR_RULE = new Rule.NotNull("id_set", Severity.ERROR, "id", OnFailure.BLOCK);
  private static final Rule.NotNull WARN_RULE = new Rule.NotNull("email_set", Severity.WARN, "email", OnFailure.BLOCK);
  private static final Rule.Range QUARANTINE_RULE =
      new Rule.Range("price_range", Severity.ERROR, "price", 0.0, null, OnFailure.QUARANTINE);

  @Test
  void aFailedWarnRuleWarnsAndDoesNotBlock() {
    QualityReport report = new QualityReport(List.of(
        RuleOutcome.judged(WARN_RULE, "completeness(email)", 0.9, "== 1", false, "email is null in 1 of 10 rows")));

    assertThat(report.outcomes().get(0).status()).isEqualTo(RuleStatus.WARNED);
    assertThat(report.blocksPublication()).isFalse();
    assertThat(report.summary()).isEqualTo("1 rules: 0 passed, 1 warned, 0 failed");
  }

  @Test
  void aFailedErrorRuleBlocks() {
    QualityReport report = new QualityReport(List.of(
        RuleOutcome.judged(ERROR_RULE, "completeness(id)", 0.9, "== 1", false, "id is null in 1 of 10 rows"),
        RuleOutcome.judged(WARN_RULE, "completeness(email)", 1.0, "== 1", true, "ok")));

    assertThat(report.blocksPublication()).isTrue();
    assertThat(report.failures()).extracting(RuleOutcome::rule).containsExactly("id_set");
  }

  @Test
  void aRuleThatCouldNotBeEvaluatedFailsWithoutAValue() {
    RuleOutcome outcome = RuleOutcome.notEvaluated(ERROR_RULE, "Rule id_set (not-null) cannot be evaluated: why");

    assertThat(outcome.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(outcome.value()).isNull();
    assertThat(outcome.metric()).isEqualTo("completeness(id)");
    assertThat(outcome.threshold()).isEqualTo("== 1");
    assertThat(RuleOutcome.notEvaluated(WARN_RULE, "why").status()).isEqualTo(RuleStatus.WARNED);
  }

  @Test
  void quarantinedRowsAreCountedAndDoNotBlock() {
    RuleOutcome quarantined = RuleOutcome.quarantined(QUARANTINE_RULE, 3, 100);
    RuleOutcome clean = RuleOutcome.quarantined(QUARANTINE_RULE, 0, 100);

    assertThat(quarantined.status()).isEqualTo(RuleStatus.QUARANTINED);
    assertThat(quarantined.value()).isEqualTo(3.0);
    assertThat(quarantined.metric()).isEqualTo("quarantined-rows");
    assertThat(quarantined.message()).isEqualTo("In 3 of 100 rows price is outside [0, +inf]: moved to quarantine.");
    assertThat(clean.status()).isEqualTo(RuleStatus.PASSED);
    QualityReport report = new QualityReport(List.of(quarantined));
    assertThat(report.blocksPublication()).isFalse();
    assertThat(report.summary()).isEqualTo("1 rules: 0 passed, 0 warned, 0 failed, 1 quarantined");
  }

  @Test
  void ordersOutcomesAsTheRulesWereDeclared() {
    QualityReport report = new QualityReport(List.of(RuleOutcome.notEvaluated(WARN_RULE, "w")))
        .plus(List.of(RuleOutcome.quarantined(QUARANTINE_RULE, 1, 2), RuleOutcome.notEvaluated(ERROR_RULE, "e")))
        .inOrderOf(List.of(ERROR_RULE, QUARANTINE_RULE, WARN_RULE));

    assertThat(report.outcomes()).extracting(RuleOutcome::rule).containsExactly("id_set", "price_range", "email_set");
    assertThat(report.outcome("price_range")).get().extracting(RuleOutcome::status)
        .isEqualTo(RuleStatus.QUARANTINED);
  }
}
