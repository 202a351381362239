package dev.mesh.cli;

import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.graph.ProductGraph;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.QualityEngines;
import dev.mesh.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** What a CLI command works with: the configuration (loaded once) and, when it needs one, the Spark context. */
final class Session implements AutoCloseable {
  private final MeshConfig config;
  private MeshContext context;
  private boolean ownsSpark;

  private Session(MeshConfig config) {
    this.config = config;
  }

  static Session open() {
    return new Session(MeshConfigLoader.forProcess().load());
  }

  MeshConfig config() {
    return config;
  }

  ProductGraph graph() {
    return ProductGraph.of(config.all());
  }

  /** Starts Spark (once) and makes sure the catalog tables exist. */
  MeshContext context() {
    if (context == null) {
      ownsSpark = SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = SparkSessions.create(config.platform());
      context = MeshContext.create(spark, config, QualityEngines.load());
      context.catalog().ensureCreated();
    }
    return context;
  }

  @Override
  public void close() {
    // A session this command did not start (a test's, a notebook kernel's) is left running.
    if (context != null && ownsSpark) {
      context.spark().stop();
    }
  }
}
