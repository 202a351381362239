package dev.mesh.api;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads data from outside the mesh for inputs declared as {@code { source = <type>, ... }}. Connectors are found
 * with {@link java.util.ServiceLoader}: list the class in {@code META-INF/services/dev.mesh.api.SourceConnector}.
 */
public interface SourceConnector {

  /** The {@code source} type this connector reads, e.g. {@code tpch} or {@code files}. */
  String type();

  /**
   * Reads the source for one run.
   *
   * @param options the input's options over the platform's defaults for this type ({@code mesh.sources.<type>})
   */
  Dataset<Row> read(SourceRequest request);

  /** What a connector is asked to read. */
  record SourceRequest(
      org.apache.spark.sql.SparkSession spark,
      String productId,
      String alias,
      Map<String, String> options,
      java.time.LocalDate logicalDate) {

    /** A required option, or an error naming the product, the input and the option. */
    public String option(String key) {
      String v = options.get(key);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(
            "Input '" + alias + "' of " + productId + " needs option '" + key + "'");
      }
      return v;
    }

    public String option(String key, String defaultValue) {
      return options.getOrDefault(key, defaultValue);
    }
  }
}
