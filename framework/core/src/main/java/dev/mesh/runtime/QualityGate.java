package dev.mesh.runtime;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.QuarantineTally;
import dev.mesh.quality.RowRules;
import dev.mesh.quality.Rule;
import dev.mesh.quality.VerificationContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Write-audit-publish: checks a candidate output against the product's SLA rules and its contract's not-null
 * columns, in one verification, before anything is published. Metric history comes from {@code mesh.quality}.
 */
final class QualityGate {
  private final MeshContext ctx;

  QualityGate(MeshContext ctx) {
    this.ctx = ctx;
  }

  /**
   * What the gate decided for one candidate.
   *
   * @param publishable the rows to publish (cached; all rows, or those that passed the quarantining rules)
   * @param quarantined the rows that failed a quarantining rule, tagged with the run id and rule names; null if none
   * @param cached what to unpersist when the run ends
   * @param quarantinedRows how many rows {@code quarantined} holds, as the verification's own scan counted them
   */
  record Checked(
      Dataset<Row> publishable, Dataset<Row> quarantined, QualityReport report, Dataset<Row> cached, long quarantinedRows) {}

  /**
   * Caches the candidate and verifies it. Rows failing a quarantining rule ({@code on-failure = quarantine}) are
   * marked in the same pass and set aside; the other rules are verified on the rows that would be published.
   */
  Checked check(SparkSession session, RunPlan plan, Dataset<Row> conformed, String runId) {
    List<Rule> rules = plan.rules();
    RowRules quarantine = RowRules.quarantining(rules);
    VerificationContext context = new CatalogVerificationContext(session, plan);
    if (quarantine.isEmpty()) {
      Dataset<Row> cached = conformed.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        QualityReport report = rules.isEmpty() ? QualityReport.empty() : ctx.quality().verify(cached, rules, context);
        return new Checked(cached, null, report, cached, 0);
      } catch (RuntimeException e) {
        cached.unpersist(false);
        throw e;
      }
    }
    Dataset<Row> marked = quarantine.mark(conformed).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return checkQuarantining(quarantine, rules, marked, context, runId);
    } catch (RuntimeException e) {
      // The runner only unpersists what it is handed back: a failure here must release the cache itself.
      marked.unpersist(false);
      throw e;
    }
  }

  private Checked checkQuarantining(
      RowRules quarantine, List<Rule> rules, Dataset<Row> marked, VerificationContext context, String runId) {
    QuarantineTally tally = quarantine.tally(marked);
    Dataset<Row> passing = quarantine.passing(marked);
    List<Rule> remaining = quarantine.remaining(rules);
    QualityReport verified =
        remaining.isEmpty() ? QualityReport.empty() : ctx.quality().verify(passing, remaining, context);
    QualityReport report = quarantine.report(tally, verified, rules);
    Dataset<Row> quarantined = tally.quarantinedRows() > 0 ? quarantine.quarantineRows(marked, runId) : null;
    return new Checked(passing, quarantined, report, marked, tally.quarantinedRows());
  }

  private final class CatalogVerificationContext implements VerificationContext {
    private final SparkSession session;
    private final RunPlan plan;
    private final ProductId product;

    CatalogVerificationContext(SparkSession session, RunPlan plan) {
      this.session = session;
      this.plan = plan;
      this.product = plan.product().id();
    }

    /** Another product at the version the plan pinned for this run, never whatever is current by now. */
    @Override
    public Dataset<Row> product(String productId) {
      ProductDescriptor ref = ctx.config().product(productId);
      Long version = plan.referenced().get(ref.id());
      if (version == null) {
        throw new IllegalArgumentException("product " + productId + " has never been published");
      }
      // The table this product's domain reads of it (its port, or its clear table in the same domain), as planned.
      ProductId table =
          dev.mesh.governance.OutputPorts.readBy(ref, plan.product().id().domain())
              .orElseThrow(() -> new IllegalArgumentException(plan.product().id() + " may not read " + productId));
      return ctx.tables().forFormat(ref.output().format()).read(session, table, version);
    }

    @Override
    public List<Double> history(String rule, String metric) {
      List<Row> rows =
          ctx.catalog()
              .read(CatalogTable.QUALITY)
              .where(
                  functions.col("product").equalTo(product.toString())
                      .and(functions.col("rule").equalTo(rule))
                      .and(functions.col("metric").equalTo(metric))
                      .and(functions.col("value").isNotNull())
                      .and(functions.col("status").isin("passed", "warned")))
              .orderBy(functions.col("recorded_at"))
              .select("value")
              .collectAsList();
      return rows.stream().map(r -> r.getDouble(0)).toList();
    }
  }
}
