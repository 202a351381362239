package dev.mesh.site.pages;

import static dev.mesh.site.svg.Xml.esc;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.site.model.Health;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.svg.Palette;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/** {@code index.html}: health at a glance, open alerts, search, the domains and every product. */
public final class HomePage {
  private HomePage() {}

  public static String of(SiteData data) {
    Map<ProductId, Health> health = data.healthById();
    SortedMap<String, List<ProductDescriptor>> byDomain = Domains.byDomain(data);
    SortedSet<String> domains = new TreeSet<>(byDomain.keySet());
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<section class=\"hero\"><h1>Data products</h1><p class=\"lead\">").append(health.size()).append(" products in ")
        .append(byDomain.size()).append(" domains. Find one by name, owner, tag or column; open it for its contract, quality and lineage.</p>\n");
    b.append("<div class=\"search\"><input id=\"search\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" ")
        .append("placeholder=\"Search products, descriptions, owners, tags, columns…\" aria-label=\"Search\">")
        .append("<ol id=\"search-results\" class=\"results\" aria-live=\"polite\"></ol></div></section>\n");
    b.append("<section><h2>Health</h2>").append(tiles(health.values())).append("</section>\n");
    List<ProductDescriptor> attention = data.products().stream()
        .filter(d -> health.get(d.id()) != Health.FRESH && health.get(d.id()) != Health.NEVER_RUN)
        .sorted(java.util.Comparator.comparing((ProductDescriptor d) -> health.get(d.id())).thenComparing(ProductDescriptor::id))
        .toList();
    if (!attention.isEmpty()) {
      b.append("<section><h2>Needs attention</h2><table class=\"grid\"><thead><tr><th>product</th><th>health</th><th>last run</th>")
          .append("<th>owner</th></tr></thead><tbody>\n");
      for (ProductDescriptor d : attention.subList(0, Math.min(attention.size(), 50))) {
        b.append("<tr><td><a href=\"products/").append(Page.file(d.id().toString())).append("\">").append(esc(d.id().toString()))
            .append("</a></td><td>").append(Page.badge(health.get(d.id()))).append("</td><td>")
            .append(Page.lastRun(data, d.id()))
            .append("</td><td>").append(d.owner() == null ? "–" : esc(d.owner().team())).append("</td></tr>\n");
      }
      b.append("</tbody></table>");
      if (attention.size() > 50) {
        b.append("<p class=\"muted\">and ").append(attention.size() - 50).append(" more below.</p>");
      }
      b.append("</section>\n");
    }
    if (data.alerts() != null) {
      b.append("<section id=\"alerts\"><h2>Open alerts</h2>");
      if (data.alerts().isEmpty()) {
        b.append("<p class=\"muted\">No open alerts.</p>");
      } else {
        SortedSet<String> columns = new TreeSet<>();
        data.alerts().forEach(a -> columns.addAll(a.keySet()));
        b.append("<table class=\"grid\"><thead><tr>");
        columns.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (SortedMap<String, String> a : data.alerts()) {
          b.append("<tr>");
          columns.forEach(c -> b.append("<td>").append(Page.orDash(a.get(c))).append("</td>"));
          b.append("</tr>\n");
        }
        b.append("</tbody></table>");
      }
      b.append("</section>\n");
    }
    b.append("<section id=\"domains\"><h2>Domains</h2><div class=\"cards\">\n");
    byDomain.forEach((domain, products) -> {
      SortedSet<String> owners = new TreeSet<>();
      products.forEach(d -> {
        if (d.owner() != null) {
          owners.add(d.owner().team());
        }
      });
      b.append("<a class=\"card\" href=\"domains/").append(esc(domain)).append(".html\"><h3><span class=\"dot\" style=\"background:")
          .append(Palette.domain(domains, domain)).append("\"></span>").append(esc(domain)).append("</h3><p>").append(products.size())
          .append(products.size() == 1 ? " product" : " products").append(" · ").append(esc(String.join(", ", owners))).append("</p>")
          .append(tiles(products.stream().map(d -> health.get(d.id())).toList(), true)).append("</a>\n");
    });
    b.append("</div></section>\n");
    b.append("<section><h2>All products</h2><table class=\"grid\" id=\"products\"><thead><tr><th>product</th><th>domain</th>")
        .append("<th>owner</th><th>health</th><th>last run</th><th>version</th><th>tags</th></tr></thead><tbody>\n");
    for (ProductDescriptor d : data.products()) {
      b.append("<tr data-id=\"").append(esc(d.id().toString())).append("\"><td><a href=\"products/").append(Page.file(d.id().toString()))
          .append("\">").append(esc(d.id().toString())).append("</a></td><td>").append(esc(d.domain())).append("</td><td>")
          .append(d.owner() == null ? "–" : esc(d.owner().team())).append("</td><td>").append(Page.badge(health.get(d.id())))
          .append("</td><td>").append(Page.lastRun(data, d.id()))
          .append("</td><td>").append(esc(d.version())).append("</td><td>").append(tags(d.tags())).append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
    return Page.frame("Data products", "", "home", b.toString(), Page.time(data.asOf()), "assets/search-index.js", "assets/search.js");
  }

  static String tags(List<String> tags) {
    StringBuilder b = new StringBuilder();
    tags.stream().sorted().forEach(t -> b.append("<span class=\"tag\">").append(esc(t)).append("</span>"));
    return b.toString();
  }

  static String tiles(java.util.Collection<Health> healths) {
    return tiles(healths, false);
  }

  static String tiles(java.util.Collection<Health> healths, boolean small) {
    Map<Health, Integer> counts = new EnumMap<>(Health.class);
    healths.forEach(h -> counts.merge(h, 1, Integer::sum));
    StringBuilder b = new StringBuilder("<div class=\"tiles" + (small ? " small" : "") + "\">");
    for (Health h : List.of(Health.FRESH, Health.LATE, Health.FAILING, Health.BLOCKED, Health.NEVER_RUN)) {
      int n = counts.getOrDefault(h, 0);
      if (small && n == 0) {
        continue;
      }
      b.append("<div class=\"tile ").append(h.key()).append("\" data-health=\"").append(h.key()).append("\"><b>").append(n)
          .append("</b><span>").append(esc(h.label())).append("</span></div>");
    }
    return b.append("</div>").toString();
  }

}
