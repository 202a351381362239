package dev.mesh.site.model;

import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Everything the site is built from, read once: the declarations and what the catalog tables say about them. A
 * value: the same data gives the same site, byte for byte.
 *
 * @param graph the declared products and their inputs
 * @param runs each product's runs, newest first (products without runs absent)
 * @param quality each product's rule outcomes, oldest first
 * @param lineage the lineage of each product's latest published run (else as declared)
 * @param locations where each product's table is, from {@code mesh.products}
 * @param alerts the open alerts, each a map of column to text (severity, kind, product, date, what, look), or null for none to show
 * @param asOf the instant freshness is judged at
 * @param retention the platform's retention ({@code mesh.storage.retention})
 * @param unitTests how many unit tests each product's transform has ({@code mesh test}; products without absent), or
 *     null when the test files do not load ({@code mesh validate} says why)
 * @param holds the holds in force ({@code mesh hold}), by product id
 */
public record SiteData(
    ProductGraph graph,
    SortedMap<String, List<RunRecord>> runs,
    SortedMap<String, List<QualityRecord>> quality,
    CatalogQueries.Graph lineage,
    SortedMap<String, String> locations,
    List<SortedMap<String, String>> alerts,
    Instant asOf,
    java.time.Duration retention,
    SortedMap<String, Integer> unitTests,
    SortedMap<String, dev.mesh.catalog.Holds.Hold> holds) {

  /** How long a product's superseded versions stay readable: its {@code output.retention}, else {@link #retention}. */
  public java.time.Duration retentionOf(ProductDescriptor d) {
    return d.output().retention() != null ? d.output().retention() : retention;
  }

  /** How many unit tests {@code d}'s transform has; empty when the test files do not load. */
  public java.util.Optional<Integer> unitTestsOf(ProductDescriptor d) {
    return unitTests == null ? java.util.Optional.empty() : java.util.Optional.of(unitTests.getOrDefault(d.id().toString(), 0));
  }

  public List<ProductDescriptor> products() {
    return graph.ids().stream().map(graph::descriptor).toList();
  }

  public List<RunRecord> runsOf(ProductId id) {
    return runs.getOrDefault(id.toString(), List.of());
  }

  /** The hold in force on {@code id} ({@code mesh hold}), if any. */
  public java.util.Optional<dev.mesh.catalog.Holds.Hold> holdOf(ProductId id) {
    return java.util.Optional.ofNullable(holds.get(id.toString()));
  }

  /** {@code id}'s last run: its newest row that is a run (not a hold or its release). */
  public java.util.Optional<RunRecord> lastRunOf(ProductId id) {
    return runsOf(id).stream().filter(RunRecord::isRun).findFirst();
  }

  public List<QualityRecord> qualityOf(ProductId id) {
    return quality.getOrDefault(id.toString(), List.of());
  }

  public Health health(ProductDescriptor d) {
    return Health.of(runsOf(d.id()), d.sla().freshness().maxAge(), asOf);
  }

  /** Health of every product, by id. */
  public Map<ProductId, Health> healthById() {
    Map<ProductId, Health> out = new java.util.TreeMap<>();
    products().forEach(d -> out.put(d.id(), health(d)));
    return out;
  }
}
