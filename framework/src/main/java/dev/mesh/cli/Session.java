package dev.mesh.cli;

import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.QualityEngines;
import dev.mesh.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** What a CLI command works with: the configuration (loaded once) and, when it needs one, the Spark context. */
final class Session implements AutoCloseable {
  private final MeshConfig config;
  private MeshContext context;
  private boolean ownsSpark;
  private LineageListener lineage;

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
      lineage = new LineageListener(context, LineageTransport.of(config.platform().lineage()), m -> System.err.println("mesh: " + m));
      context = context.withListener(lineage);
    }
    return context;
  }

  @Override
  public void close() {
    if (lineage != null && !lineage.problems().isEmpty()) {
      System.err.println(
          "mesh: " + lineage.problems().size() + " lineage problem(s) (reported above); the runs themselves are not affected.");
    }
    if (lineage != null && lineage.runsSeen() > 0) {
      // Each run adds a file to each catalog table: keep them few so catalog queries stay fast.
      try {
        context.catalog().compact(dev.mesh.catalog.CatalogStore.COMPACT_ABOVE_FILES);
      } catch (RuntimeException e) {
        System.err.println("mesh: could not compact the catalog tables (" + dev.mesh.errors.MeshErrors.rootMessage(e)
            + "); run 'mesh catalog compact' later.");
      }
    }
    // A session this command did not start (a test's, a notebook kernel's) is left running.
    if (context != null && ownsSpark) {
      context.spark().stop();
    }
  }
}
