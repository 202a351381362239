package dev.mesh.storage;

import dev.mesh.model.ProductId;

/**
 * Where Delta tables live, in one place: every table at {@code <delta-root>/<namespace>/<name>} — a product's port in
 * its domain's namespace, its clear data and quarantine in {@code <domain>_internal} (see OutputPorts), the catalog
 * tables at {@code <delta-root>/mesh/<table>}.
 * The table store, the catalog and the session catalog that resolves names all ask this object.
 */
public record TableLayout(String deltaRoot) {
  /** The namespace of the catalog tables ({@code mesh.runs}, {@code mesh.quality}, ...). */
  public static final String CATALOG_NAMESPACE = "mesh";

  public String location(ProductId table) {
    return location(table.domain(), table.name());
  }

  public String location(String namespace, String name) {
    return namespaceLocation(namespace) + "/" + name;
  }

  /** The folder of a domain's (or the catalog's) Delta tables. */
  public String namespaceLocation(String namespace) {
    return deltaRoot + "/" + namespace;
  }

  /** The id a catalog table is stored and queried under, e.g. {@code mesh.runs}. */
  public static ProductId catalogTable(String name) {
    return new ProductId(CATALOG_NAMESPACE, name);
  }
}
