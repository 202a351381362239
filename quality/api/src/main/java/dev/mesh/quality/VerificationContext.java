package dev.mesh.quality;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What a verification needs from outside the candidate data: other products, and this product's history. */
public interface VerificationContext {

  /** The published table of another data product, for referential-integrity rules. */
  Dataset<Row> product(String productId);

  /** Earlier values of {@code metric} recorded for rule {@code rule} of this product, oldest first. */
  List<Double> history(String rule, String metric);

  /** A context with no other products and no history. */
  static VerificationContext none() {
    return new VerificationContext() {
      @Override
      public Dataset<Row> product(String productId) {
        throw new IllegalArgumentException("No data product " + productId + " is available to this verification");
      }

      @Override
      public List<Double> history(String rule, String metric) {
        return List.of();
      }
    };
  }
}
