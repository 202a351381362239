package dev.mesh.model;

import java.util.List;

/**
 * Who may read a product, and who sees its personal data in clear.
 *
 * @param consumers the other domains that may read an {@link Visibility#INTERNAL} product
 * @param piiClearAccess the other domains that read PII columns unmasked
 */
public record AccessSpec(Visibility visibility, List<String> consumers, List<String> piiClearAccess) {
  public AccessSpec {
    consumers = List.copyOf(consumers);
    piiClearAccess = List.copyOf(piiClearAccess);
  }

  /** The default when nothing is declared: readable by every domain, PII handled for all of them. */
  public static AccessSpec publicAccess() {
    return new AccessSpec(Visibility.PUBLIC, List.of(), List.of());
  }

  /** Whether a product of {@code readerDomain} may read a product of {@code ownerDomain} with this access. */
  public boolean allows(String ownerDomain, String readerDomain) {
    if (ownerDomain.equals(readerDomain)) {
      return true;
    }
    return switch (visibility) {
      case PUBLIC -> true;
      case INTERNAL -> consumers.contains(readerDomain);
      case PRIVATE -> false;
    };
  }

  /** Whether {@code readerDomain} sees PII columns of a product of {@code ownerDomain} in clear. */
  public boolean seesPiiInClear(String ownerDomain, String readerDomain) {
    return ownerDomain.equals(readerDomain) || piiClearAccess.contains(readerDomain);
  }
}
