package dev.mesh.runtime;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.config.MeshConfig;
import dev.mesh.quality.QualityEngine;
import dev.mesh.source.SourceConnectors;
import dev.mesh.storage.TableStores;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a run touches, passed in rather than reached for: the session, the parsed configuration, the table
 * stores, the catalog, the quality engine, the source connectors, the product leases and the key PII is hashed with
 * in output ports (resolved on first use).
 */
public record MeshContext(
    SparkSession spark,
    MeshConfig config,
    TableStores tables,
    CatalogStore catalog,
    QualityEngine quality,
    SourceConnectors sources,
    Clock clock,
    ProductLeases leases,
    dev.mesh.governance.PiiKey.Resolver piiKey,
    java.util.List<RunListener> listeners) {

  public MeshContext {
    listeners = java.util.List.copyOf(listeners);
  }

  /** The same context with one more run listener. */
  public MeshContext withListener(RunListener listener) {
    java.util.List<RunListener> all = new java.util.ArrayList<>(listeners);
    all.add(listener);
    return new MeshContext(spark, config, tables, catalog, quality, sources, clock, leases, piiKey, all);
  }
}
