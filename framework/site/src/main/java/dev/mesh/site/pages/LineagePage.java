package dev.mesh.site.pages;

import static dev.mesh.site.svg.Xml.esc;

import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.site.model.Health;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.svg.ColumnLineageSvg;
import dev.mesh.site.svg.LineageSvg;
import dev.mesh.site.svg.Palette;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code lineage.html} (every product, across domains) and {@code lineage/<id>.html} (one product's columns). */
public final class LineagePage {
  private LineagePage() {}

  public static String graph(SiteData data) {
    SortedMap<String, SortedSet<String>> upstream = new TreeMap<>();
    Map<String, String> domainOf = new TreeMap<>();
    Map<String, String> healthOf = new TreeMap<>();
    for (Map.Entry<ProductId, Health> e : data.healthById().entrySet()) {
      ProductId id = e.getKey();
      SortedSet<String> ups = new TreeSet<>();
      data.graph().upstreamOf(id).forEach(u -> ups.add(u.toString()));
      upstream.put(id.toString(), ups);
      domainOf.put(id.toString(), id.domain());
      healthOf.put(id.toString(), e.getValue().key());
    }
    SortedSet<String> domains = new TreeSet<>(domainOf.values());
    StringBuilder b = new StringBuilder(upstream.size() * 450 + 4096);
    b.append("<h1>Lineage</h1><p class=\"lead\">Every product and the products it reads, left to right. Colour: domain; dot: health. ")
        .append("Click a product for its page; its column lineage is linked there.</p>\n<div class=\"legend\">");
    domains.forEach(dom -> b.append("<span><span class=\"dot\" style=\"background:").append(Palette.domain(domains, dom)).append("\"></span>")
        .append(esc(dom)).append("</span>"));
    for (Health h : Health.values()) {
      b.append("<span><span class=\"mark ").append(h.key()).append("\"></span>").append(esc(h.label())).append("</span>");
    }
    b.append("</div>\n<div class=\"canvas\">").append(LineageSvg.of(upstream, domainOf, healthOf, id -> "products/" + Page.file(id)))
        .append("</div>\n");
    return Page.frame("Lineage", "", "lineage", b.toString(), Page.time(data.asOf()));
  }

  public static String columns(SiteData data, ProductDescriptor d) {
    String id = d.id().toString();
    List<CatalogQueries.Column> columns = data.lineage().columns(id);
    List<ColumnLineageSvg.Link> links = columns.stream()
        .map(c -> new ColumnLineageSvg.Link(c.output(), c.input(), c.column(), c.kind())).toList();
    StringBuilder b = new StringBuilder(8192);
    b.append("<p class=\"crumbs\"><a href=\"../lineage.html\">Lineage</a> / ").append(esc(id)).append("</p>")
        .append("<h1>Column lineage of <a href=\"../products/").append(Page.file(id)).append("\">").append(esc(id)).append("</a></h1>")
        .append("<p class=\"lead\">From its latest published run. Solid: values flow from the input column; dashed: the input column ")
        .append("only decides which rows there are (filter, join, group key).</p>\n<div class=\"canvas\">")
        .append(ColumnLineageSvg.of(d.schema().names(), links)).append("</div>\n");
    return Page.frame("Column lineage of " + id, "../", "lineage", b.toString(), Page.time(data.asOf()));
  }
}
