package dev.mesh.runtime;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.quality.VerificationContext;
import dev.mesh.storage.TableStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Write-audit-publish: checks a candidate output against the product's SLA rules and its contract's not-null
 * columns, in one verification, before anything is published. Metric history comes from {@code mesh.quality}.
 */
final class QualityGate {
  private final MeshContext ctx;

  QualityGate(MeshContext ctx) {
    this.ctx = ctx;
  }

  List<Rule> rules(ProductDescriptor product) {
    List<Rule> rules = new ArrayList<>(ContractCheck.notNullRules(product.schema()));
    rules.addAll(product.sla().rules());
    return rules;
  }

  QualityReport verify(ProductDescriptor product, Dataset<Row> candidate) {
    List<Rule> rules = rules(product);
    if (rules.isEmpty()) {
      return QualityReport.empty();
    }
    return ctx.quality().verify(candidate, rules, new CatalogVerificationContext(product.id()));
  }

  private final class CatalogVerificationContext implements VerificationContext {
    private final ProductId product;

    CatalogVerificationContext(ProductId product) {
      this.product = product;
    }

    @Override
    public Dataset<Row> product(String productId) {
      ProductDescriptor ref = ctx.config().product(productId);
      TableStore store = ctx.tables().forFormat(ref.output().format());
      long version =
          store.currentVersion(ref.id())
              .orElseThrow(() -> new IllegalArgumentException("product " + productId + " has never been published"));
      return store.read(SparkSession.active(), ref.id(), version);
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
