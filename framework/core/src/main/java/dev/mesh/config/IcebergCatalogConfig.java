package dev.mesh.config;

import java.util.Map;

/**
 * The Spark catalog that holds Iceberg products.
 *
 * @param name the Spark catalog name, e.g. {@code iceberg} (tables are then {@code iceberg.<domain>.<name>})
 * @param type {@code hadoop} (embedded default), {@code jdbc}, {@code rest} or {@code hive}
 * @param warehouse the catalog's warehouse location
 * @param uri the catalog service URI for jdbc, rest and hive; empty for hadoop
 * @param properties further catalog properties passed to Iceberg as they are
 */
public record IcebergCatalogConfig(
    String name, String type, String warehouse, String uri, Map<String, String> properties) {
  public IcebergCatalogConfig {
    properties = Map.copyOf(properties);
  }
}
