package dev.mesh.governance;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What policies see beyond the product they check.
 *
 * @param products every declared product, for checks across the graph (access, deprecation)
 * @param today the date deprecations are judged against
 * @param published the last published contract of each product, when the catalog was read; empty otherwise
 */
public record GovernanceContext(
    Map<ProductId, ProductDescriptor> products, LocalDate today, Map<ProductId, PublishedContract> published) {
  public GovernanceContext {
    products = Map.copyOf(products);
    published = Map.copyOf(published);
  }

  public Optional<ProductDescriptor> find(ProductId id) {
    return Optional.ofNullable(products.get(id));
  }
}
