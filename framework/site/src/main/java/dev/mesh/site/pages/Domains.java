package dev.mesh.site.pages;

import static dev.mesh.site.svg.Xml.esc;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.site.model.Health;
import dev.mesh.site.model.SiteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code domains/<domain>.html}: a domain's products, owners and health. */
public final class Domains {
  private Domains() {}

  public static SortedMap<String, List<ProductDescriptor>> byDomain(SiteData data) {
    SortedMap<String, List<ProductDescriptor>> out = new TreeMap<>();
    data.products().forEach(d -> out.computeIfAbsent(d.domain(), k -> new ArrayList<>()).add(d));
    return out;
  }

  public static String page(SiteData data, String domain, List<ProductDescriptor> products) {
    Map<ProductId, Health> health = data.healthById();
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<p class=\"crumbs\"><a href=\"../index.html#domains\">Domains</a> / ").append(esc(domain)).append("</p>")
        .append("<h1>Domain ").append(esc(domain)).append("</h1>\n");
    b.append("<section><h2>Health</h2>").append(HomePage.tiles(products.stream().map(d -> health.get(d.id())).toList())).append("</section>\n");
    SortedMap<String, java.util.SortedSet<String>> owners = new TreeMap<>();
    for (ProductDescriptor d : products) {
      if (d.owner() != null) {
        owners.computeIfAbsent(d.owner().team() + "\u0000" + d.owner().contact(), k -> new java.util.TreeSet<>()).add(d.id().toString());
      }
    }
    b.append("<section><h2>Owners</h2><table class=\"grid\"><thead><tr><th>team</th><th>contact</th><th>products</th></tr></thead><tbody>\n");
    owners.forEach((key, ids) -> {
      String[] tc = key.split("\u0000", 2);
      b.append("<tr><td>").append(esc(tc[0])).append("</td><td>").append(ProductPage.contact(tc[1])).append("</td><td>")
          .append(ids.size()).append("</td></tr>\n");
    });
    b.append("</tbody></table></section>\n");
    b.append("<section><h2>Products</h2><table class=\"grid\"><thead><tr><th>product</th><th>description</th><th>owner</th>")
        .append("<th>health</th><th>last run</th><th>visibility</th></tr></thead><tbody>\n");
    for (ProductDescriptor d : products) {
      b.append("<tr><td><a href=\"../products/").append(Page.file(d.id().toString())).append("\">").append(esc(d.id().toString()))
          .append("</a></td><td>").append(Page.orDash(d.description())).append("</td><td>")
          .append(d.owner() == null ? "–" : esc(d.owner().team())).append("</td><td>").append(Page.badge(health.get(d.id())))
          .append("</td><td>").append(Page.lastRun(data, d.id()))
          .append("</td><td>").append(esc(d.access().visibility().label())).append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
    return Page.frame("Domain " + domain, "../", "domains", b.toString(), Page.time(data.asOf()));
  }
}
