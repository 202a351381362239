package dev.mesh.governance;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.Visibility;
import java.util.Optional;

/**
 * Where a product's tables live, so that governance holds for any engine, not only for mesh's readers.
 *
 * <p>Each domain has three namespaces:
 *
 * <ul>
 *   <li>{@code <domain>}: the output ports of its {@code public} products, readable by everyone;
 *   <li>{@code <domain>_shared}: the output ports of its {@code internal} products, each readable by the domains its
 *       {@code consumers} list;
 *   <li>{@code <domain>_internal}: the domain's own data in clear (products with PII, {@code private} products,
 *       quarantined rows), readable by the domain and, per table, by the domains its {@code pii-clear-access} lists.
 * </ul>
 *
 * A port holds every PII column only in its handled form ({@link PiiMasking#forPort}); it is a table of its own,
 * written by the run after the internal table, never a view over the clear data (a view would need read access to
 * the clear files, and the hashing secret in its definition). A product without PII publishes one table, its port,
 * which its own domain reads too; a {@code private} product has no port.
 */
public final class OutputPorts {
  /** Suffix of the namespace of a domain's clear data. */
  public static final String INTERNAL_SUFFIX = "_internal";

  /** Suffix of the namespace of the ports a domain shares with named consumers. */
  public static final String SHARED_SUFFIX = "_shared";

  private OutputPorts() {}

  /** The tables of one product. */
  public record Tables(ProductId internal, Optional<ProductId> port) {
    /** Whether the run writes two tables (clear data and port), not one. */
    public boolean separate() {
      return port.isPresent() && !port.get().equals(internal);
    }
  }

  /** The tables of {@code product}: where its clear data lives and where other domains read it. */
  public static Tables of(ProductDescriptor product) {
    ProductId id = product.id();
    Visibility v = product.access().visibility();
    if (v == Visibility.PRIVATE) {
      return new Tables(internalId(id), Optional.empty());
    }
    ProductId port = v == Visibility.PUBLIC ? id : new ProductId(id.domain() + SHARED_SUFFIX, id.name());
    return new Tables(hasPii(product) ? internalId(id) : port, Optional.of(port));
  }

  /**
   * The table a reader of {@code readerDomain} reads of {@code product}: its clear data for the owning domain and the
   * domains granted {@code pii-clear-access}, its port for everyone else. Empty when the reader may not read it at
   * all (visibility); {@code readerDomain} null is a reader of no domain (an analyst without an identity).
   */
  public static Optional<ProductId> readBy(ProductDescriptor product, String readerDomain) {
    Tables t = of(product);
    String owner = product.id().domain();
    if (readerDomain != null && product.access().seesPiiInClear(owner, readerDomain)) {
      // pii-clear-access is granted to consumers; for a private product only the owner reads the clear table.
      return product.access().allows(owner, readerDomain) ? Optional.of(t.internal()) : Optional.empty();
    }
    if (readerDomain == null ? product.access().visibility() != Visibility.PUBLIC : !product.access().allows(owner, readerDomain)) {
      return Optional.empty();
    }
    return t.port();
  }

  /** Where a product's rows set aside by a quarantining rule go: beside its clear data, never in a port namespace. */
  public static ProductId quarantineOf(ProductId product) {
    return new ProductId(product.domain() + INTERNAL_SUFFIX, product.name() + "_quarantine");
  }

  /** The namespace of a domain's clear data. */
  public static String internalNamespace(String domain) {
    return domain + INTERNAL_SUFFIX;
  }

  /** The namespace of the ports a domain shares with named consumers. */
  public static String sharedNamespace(String domain) {
    return domain + SHARED_SUFFIX;
  }

  /** The domain a namespace belongs to, if it is one of a domain's internal or shared namespaces. */
  public static Optional<String> domainOfRestricted(String namespace) {
    for (String suffix : new String[] {INTERNAL_SUFFIX, SHARED_SUFFIX}) {
      if (namespace.endsWith(suffix) && namespace.length() > suffix.length()) {
        return Optional.of(namespace.substring(0, namespace.length() - suffix.length()));
      }
    }
    return Optional.empty();
  }

  /** Whether a domain name would collide with another domain's internal or shared namespace. */
  public static boolean isReservedDomainName(String domain) {
    return domain.endsWith(INTERNAL_SUFFIX) || domain.endsWith(SHARED_SUFFIX);
  }

  private static ProductId internalId(ProductId id) {
    return new ProductId(id.domain() + INTERNAL_SUFFIX, id.name());
  }

  static boolean hasPii(ProductDescriptor product) {
    return product.schema().columns().stream().anyMatch(ColumnSpec::pii);
  }
}
