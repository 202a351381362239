package dev.mesh.quality;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one SparkSession of the test JVM into test and lifecycle methods. It lives in the root store, so every
 * test class shares it and JUnit stops it when the whole run ends.
 */
public final class SparkSessionExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SparkSessionExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("spark", key -> new Session(), Session.class)
        .spark;
  }

  private static final class Session implements ExtensionContext.Store.CloseableResource {
    final SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("mesh-quality-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        // A few rows per test: interpreted expressions instead of generating and compiling Java for every query.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .getOrCreate();

    @Override
    public void close() {
      spark.stop();
    }
  }
}
