package dev.mesh.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
   * The option keys this connector reads. When declared, an input of this type, or a platform default
   * ({@code mesh.sources.<type>}), with any other key is a configuration problem naming its file, line and key, found
   * when the configuration is loaded (a misspelt option would otherwise be ignored and its default used). Empty (the
   * default): not declared, every key passes, e.g. for a connector that hands its options on to Spark's reader.
   */
  default Optional<Set<String>> declaredOptions() {
    return Optional.empty();
  }

  /**
   * What is wrong with the values of {@code options} (an input's, or the platform's defaults for this type), by option
   * key: checked when the configuration is loaded, with no data read, so that a misspelt value (a table that does not
   * exist) is a configuration problem at its file, line and key rather than a failed run. Only the options given are
   * checked; a required option missing is the run's to report (the defaults may hold it). Empty (the default): every
   * value passes here.
   */
  default Map<String, String> optionProblems(Map<String, String> options) {
    return Map.of();
  }

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
