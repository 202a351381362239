package dev.mesh.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyCheckTest {
  private static final Rule.Anomaly ROWS = new Rule.Anomaly("rows_stable", Severity.ERROR, MetricKind.ROW_COUNT, null,
      0.5, 3);

  @Test
  void passesAndSaysSoWhenThereIsNoHistoryYet() {
    RuleOutcome outcome = AnomalyCheck.judge(ROWS, 1_000_000, List.of());

    assertThat(outcome.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(outcome.value()).isEqualTo(1_000_000.0);
    assertThat(outcome.metric()).isEqualTo("row-count");
    assertThat(outcome.threshold()).isEqualTo("change <= 50%");
    assertThat(outcome.message()).contains("no history yet");
  }

  @Test
  void comparesWithTheMeanOfTheLastWindowValuesOnly() {
    // the first value is outside the window of 3: with it the mean would be 1030, not 120
    RuleOutcome outcome = AnomalyCheck.judge(ROWS, 150, List.of(3000.0, 100.0, 120.0, 140.0));

    assertThat(outcome.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(outcome.threshold()).isEqualTo("change <= 50% vs mean of last 3 = 120.0");
    assertThat(outcome.message()).contains("changed 25%").contains("mean 120.0");
  }

  @Test
  void failsOnASpikeBeyondTheAllowedChange() {
    RuleOutcome outcome = AnomalyCheck.judge(ROWS, 500, List.of(100.0, 120.0, 140.0));

    assertThat(outcome.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(outcome.value()).isEqualTo(500.0);
    assertThat(outcome.message()).contains("row-count = 500.0 changed 316.7% from the mean 120.0")
        .contains("at most 50% is allowed");
  }

  @Test
  void aDropCountsAsMuchAsARise() {
    assertThat(AnomalyCheck.judge(ROWS, 50, List.of(120.0)).status()).isEqualTo(RuleStatus.FAILED);
    assertThat(AnomalyCheck.judge(ROWS, 70, List.of(120.0)).status()).isEqualTo(RuleStatus.PASSED);
  }

  @Test
  void aWarnRuleWarnsInsteadOfFailing() {
    Rule.Anomaly warn = new Rule.Anomaly("mean_price", Severity.WARN, MetricKind.MEAN, "price", 0.1, 2);

    RuleOutcome outcome = AnomalyCheck.judge(warn, 20, List.of(10.0, 10.0));

    assertThat(outcome.status()).isEqualTo(RuleStatus.WARNED);
    assertThat(outcome.metric()).isEqualTo("mean(price)");
    assertThat(outcome.threshold()).isEqualTo("change <= 10% vs mean of last 2 = 10.0");
  }

  @Test
  void ignoresValuesThatWereNeverComputedAndHandlesAZeroMean() {
    assertThat(AnomalyCheck.judge(ROWS, 0, Arrays.asList(null, 0.0, Double.NaN)).status())
        .isEqualTo(RuleStatus.PASSED);
    RuleOutcome fromZero = AnomalyCheck.judge(ROWS, 1, List.of(0.0));
    assertThat(fromZero.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(fromZero.message()).contains("changed infinite %");
  }
}
