package dev.mesh.quality.deequ;

import static dev.mesh.quality.Fixtures.cleanOrders;
import static dev.mesh.quality.Fixtures.customers;
import static dev.mesh.quality.Fixtures.dirtyOrders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.quality.Rule;
import dev.mesh.quality.RuleOutcome;
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

@ExtendWith(SparkSessionExtension.class)
class ReferentialIntegrityTest {
  private static final DeequQualityEngine ENGINE = new DeequQualityEngine();
  private static final Rule FK = new Rule.ReferentialIntegrity("customer_fk", Severity.ERROR, "customer_id",
      "crm.customers", "id");

  /** Offers the customers table as product {@code crm.customers}, like the framework's catalog would. */
  private static VerificationContext withCustomers(SparkSession spark) {
    return new VerificationContext() {
      @Override
      public Dataset<Row> product(String productId) {
        if (!productId.equals("crm.customers")) {
          throw new IllegalArgumentException("No data product " + productId);
        }
        return customers(spark);
      }

      @Override
      public List<Double> history(String rule, String metric) {
        return List.of();
      }
    };
  }

  @Test
  void passesWhenEveryNonNullValueHasAMatch(SparkSession spark) {
    // clean orders reference customers 1-5 (customer 3 is listed twice) and one order has no customer
    RuleOutcome outcome = ENGINE.verify(cleanOrders(spark), List.of(FK), withCustomers(spark)).outcomes().get(0);

    assertThat(outcome.status()).isEqualTo(RuleStatus.PASSED);
    assertThat(outcome.metric()).isEqualTo("referential-integrity(customer_id in crm.customers.id)");
    assertThat(outcome.value()).isEqualTo(1.0);
    assertThat(outcome.threshold()).isEqualTo("== 1");
    assertThat(outcome.message()).endsWith("all 9 non-null values of customer_id exist in crm.customers.id.");
  }

  @Test
  void failsWithTheShareOfOrphansAndAnExample(SparkSession spark) {
    RuleOutcome outcome = ENGINE.verify(dirtyOrders(spark), List.of(FK), withCustomers(spark)).outcomes().get(0);

    assertThat(outcome.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(outcome.value()).isEqualTo(8.0 / 9);
    assertThat(outcome.message()).isEqualTo("referential-integrity(customer_id in crm.customers.id) = 0.8889, "
        + "expected == 1: 1 of 9 non-null values of customer_id are missing from crm.customers.id (e.g. 99).");
  }

  @Test
  void aMissingReferenceIsAFailedOutcomeNotAnException(SparkSession spark) {
    List<RuleOutcome> outcomes = ENGINE.verify(cleanOrders(spark), List.of(
        FK,
        new Rule.ReferentialIntegrity("no_column", Severity.WARN, "customer_id", "crm.customers", "customer_no"),
        new Rule.RowCount("rows", Severity.ERROR, 1L, null)), VerificationContext.none()).outcomes();

    assertThat(outcomes).extracting(RuleOutcome::status)
        .containsExactly(RuleStatus.FAILED, RuleStatus.WARNED, RuleStatus.PASSED);
    assertThat(outcomes.get(0).message()).isEqualTo("Rule customer_fk (referential-integrity) cannot be evaluated: "
        + "the reference product crm.customers is not available: No data product crm.customers is available to "
        + "this verification");

    RuleOutcome noColumn = ENGINE.verify(cleanOrders(spark), List.of(
        new Rule.ReferentialIntegrity("no_column", Severity.WARN, "customer_id", "crm.customers", "customer_no")),
        withCustomers(spark)).outcomes().get(0);
    assertThat(noColumn.status()).isEqualTo(RuleStatus.WARNED);
    assertThat(noColumn.message()).isEqualTo("Rule no_column (referential-integrity) cannot be evaluated: column "
        + "customer_no does not exist in crm.customers. Known columns: id, name.");
  }
}
