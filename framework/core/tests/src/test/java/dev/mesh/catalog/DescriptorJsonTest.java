package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.SlaSpec;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SLA as stored in {@code mesh.products.sla_json}: durations and rules as declared, never a record. */
class DescriptorJsonTest {
  @Test
  void theSlaJsonHoldsDurationsAndRulesAsDeclared() {
    SlaSpec sla = new SlaSpec(
        List.of(
            new Rule.Unique("unique_order_date_nation", Severity.ERROR, List.of("order_date", "nation")),
            new Rule.Range("range_revenue", Severity.WARN, "revenue", 0.0, null, OnFailure.BLOCK),
            new Rule.NotNull("not_null_id", Severity.ERROR, "id", OnFailure.QUARANTINE)),
        new FreshnessSpec(Duration.ofHours(26), List.of(new FreshnessSpec.InputFreshness("lines", "order_date", Duration.ofDays(2)))));

    assertThat(DescriptorJson.sla(sla).toString()).isEqualTo(
        "{\"freshness\":\"26h\","
            + "\"input_freshness\":[{\"input\":\"lines\",\"column\":\"order_date\",\"max_age\":\"2d\"}],"
            + "\"rules\":["
            + "{\"name\":\"unique_order_date_nation\",\"rule\":\"unique\",\"severity\":\"error\",\"definition\":\"unique(order_date, nation)\"},"
            + "{\"name\":\"range_revenue\",\"rule\":\"range\",\"severity\":\"warn\",\"definition\":\"range(revenue ≥ 0)\"},"
            + "{\"name\":\"not_null_id\",\"rule\":\"not-null\",\"severity\":\"error\",\"definition\":\"not-null(id) → quarantine\"}]}");
  }
}
