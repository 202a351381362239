package dev.mesh.config;

import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.PolicySet;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The platform settings, every declared product and the governance policies, parsed and checked once.
 *
 * @param governance the policies of conf/governance.conf and the domains' local ones
 */
public record MeshConfig(
    PlatformConfig platform, SortedMap<ProductId, ProductDescriptor> products, PolicySet governance) {

  public MeshConfig {
    products = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(products));
    governance = governance == null ? PolicySet.none() : governance;
  }

  public static MeshConfig of(PlatformConfig platform, Map<ProductId, ProductDescriptor> products) {
    return of(platform, products, PolicySet.none());
  }

  public static MeshConfig of(
      PlatformConfig platform, Map<ProductId, ProductDescriptor> products, PolicySet governance) {
    return new MeshConfig(platform, new TreeMap<>(products), governance);
  }

  public Optional<ProductDescriptor> find(ProductId id) {
    return Optional.ofNullable(products.get(id));
  }

  /** The product named {@code id}, or a usage error that suggests close names. */
  public ProductDescriptor product(String id) {
    ProductId parsed;
    try {
      parsed = ProductId.parse(id);
    } catch (IllegalArgumentException e) {
      throw MeshErrors.unknownProduct(id, products.keySet());
    }
    ProductDescriptor d = products.get(parsed);
    if (d == null) {
      throw MeshErrors.unknownProduct(id, products.keySet());
    }
    return d;
  }

  public Collection<ProductDescriptor> all() {
    return products.values();
  }
}
