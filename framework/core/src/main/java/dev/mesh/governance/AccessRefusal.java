package dev.mesh.governance;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.Visibility;

/**
 * What a domain is told when it may not read a product (the {@code access} policy, and {@code mesh new} asked for
 * such an input): who may read it, and whom to ask.
 */
public final class AccessRefusal {
  private AccessRefusal() {}

  /** Who may read {@code product}: {@code is private to domain customers}, {@code is internal to domain ... and consumers ...}. */
  public static String scope(ProductDescriptor product) {
    String domain = product.domain();
    return switch (product.access().visibility()) {
      case PRIVATE -> "is private to domain " + domain;
      case INTERNAL -> "is internal to domain " + domain + (product.access().consumers().isEmpty()
          ? " (no other consumers)" : " and consumers " + String.join(", ", product.access().consumers()));
      case PUBLIC -> "is public";
    };
  }

  /** How {@code reader} may come to read {@code product}: ask its owner, at the line to change. */
  public static String fix(ProductDescriptor product, String reader) {
    String owner = product.owner() == null ? "domain " + product.domain() : product.owner().team() + " (" + product.owner().contact() + ")";
    return "ask its owner " + owner + " to "
        + (product.access().visibility() == Visibility.PRIVATE
            ? "make it internal and list " + reader + " in consumers"
            : "list " + reader + " in its consumers")
        + " (" + product.originOf(product.declaredAt().containsKey("consumers") ? "consumers" : "visibility") + ")";
  }
}
