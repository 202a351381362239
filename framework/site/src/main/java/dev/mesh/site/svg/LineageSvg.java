package dev.mesh.site.svg;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The product graph as SVG: one box per product, filled with its domain's colour and marked with its health, an
 * arrow from each input to the product that reads it; each box links to the product's page. Nodes carry
 * {@code data-id}, edges {@code data-from} and {@code data-to}, so a test (or a script) can read the graph back.
 */
public final class LineageSvg {
  static final double NODE_W = 214;
  static final double NODE_H = 34;

  private LineageSvg() {}

  /**
   * @param upstream every product with the products it reads
   * @param domainOf each product's domain
   * @param healthOf each product's health key (a CSS class: {@code fresh}, {@code blocked}...)
   * @param href each product's page, relative to the page the SVG is in
   */
  public static String of(
      SortedMap<String, SortedSet<String>> upstream, Map<String, String> domainOf, Map<String, String> healthOf,
      Function<String, String> href) {
    LayeredLayout layout = LayeredLayout.of(upstream, domainOf, NODE_W + 66, NODE_H + 16, NODE_W / 2 + 10, NODE_H / 2 + 10);
    SortedSet<String> domains = new TreeSet<>(domainOf.values());
    StringBuilder b = new StringBuilder(upstream.size() * 420 + 512);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" role=\"img\" width=\"")
        .append(Xml.num(layout.width())).append("\" height=\"").append(Xml.num(layout.height()))
        .append("\" viewBox=\"0 0 ").append(Xml.num(layout.width())).append(' ').append(Xml.num(layout.height())).append("\">\n");
    b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n");
    b.append("<g class=\"edges\">\n");
    upstream.forEach((to, froms) -> {
      LayeredLayout.Place t = layout.place(to);
      for (String from : froms) {
        LayeredLayout.Place f = layout.place(from);
        b.append("<path class=\"edge\" data-from=\"").append(Xml.esc(from)).append("\" data-to=\"").append(Xml.esc(to))
            .append("\" d=\"M").append(Xml.num(f.x() + NODE_W / 2)).append(',').append(Xml.num(f.y()));
        double x = f.x() + NODE_W / 2;
        double y = f.y();
        // Through each layer it crosses, straight along the gap between two boxes; curves between layers.
        for (LayeredLayout.Place w : layout.waypoints(from, to)) {
          curve(b, x, y, w.x() - NODE_W / 2, w.y());
          b.append(" L").append(Xml.num(w.x() + NODE_W / 2)).append(',').append(Xml.num(w.y()));
          x = w.x() + NODE_W / 2;
          y = w.y();
        }
        curve(b, x, y, t.x() - NODE_W / 2 - 2, t.y());
        b.append("\" marker-end=\"url(#arrow)\"/>\n");
      }
    });
    b.append("</g>\n<g class=\"nodes\">\n");
    layout.places().forEach((id, p) -> {
      String health = healthOf.getOrDefault(id, "never-run");
      b.append("<a href=\"").append(Xml.esc(href.apply(id))).append("\"><g class=\"node ").append(health).append("\" data-id=\"")
          .append(Xml.esc(id)).append("\" data-health=\"").append(health).append("\" transform=\"translate(")
          .append(Xml.num(p.x() - NODE_W / 2)).append(',').append(Xml.num(p.y() - NODE_H / 2)).append(")\">")
          .append("<title>").append(Xml.esc(id)).append(" (").append(Xml.esc(domainOf.get(id))).append("): ").append(health.replace('-', ' '))
          .append("</title>")
          .append("<rect width=\"").append(Xml.num(NODE_W)).append("\" height=\"").append(Xml.num(NODE_H))
          .append("\" rx=\"6\" fill=\"").append(Palette.domain(domains, domainOf.get(id))).append("\"/>")
          .append("<circle class=\"mark\" cx=\"14\" cy=\"").append(Xml.num(NODE_H / 2)).append("\" r=\"6\"/>")
          .append("<text x=\"26\" y=\"").append(Xml.num(NODE_H / 2 + 4)).append("\">").append(Xml.esc(shorten(id, 27))).append("</text>")
          .append("</g></a>\n");
    });
    b.append("</g>\n</svg>\n");
    return b.toString();
  }

  private static void curve(StringBuilder b, double x1, double y1, double x2, double y2) {
    double mid = (x1 + x2) / 2;
    b.append(" C").append(Xml.num(mid)).append(',').append(Xml.num(y1)).append(' ').append(Xml.num(mid)).append(',')
        .append(Xml.num(y2)).append(' ').append(Xml.num(x2)).append(',').append(Xml.num(y2));
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
