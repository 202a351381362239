package dev.mesh.site.svg;

import java.util.List;
import java.util.SortedSet;

/** The colours of the site's pictures: one per domain (in the order of the sorted domain names), one per health. */
public final class Palette {
  private static final List<String> DOMAINS =
      List.of("#2563eb", "#0d9488", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626", "#4f46e5", "#9333ea");

  private Palette() {}

  public static String domain(SortedSet<String> domains, String domain) {
    int i = domains.headSet(domain).size();
    return DOMAINS.get(i % DOMAINS.size());
  }
}
