package dev.mesh.site.svg;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One product's column lineage as SVG: the input columns it read on the left (grouped by input product), its own
 * columns on the right, a solid line where values flow ({@code direct}), a dashed one where a column only decides
 * which rows there are ({@code indirect}).
 */
public final class ColumnLineageSvg {
  /** One dependency: output column {@code output} of the product on {@code input}'s {@code column}. */
  public record Link(String output, String input, String column, String kind) {}

  private static final double BOX_W = 230;
  private static final double ROW = 24;
  private static final double GAP = 220;

  private ColumnLineageSvg() {}

  public static String of(List<String> outputs, List<Link> links) {
    SortedSet<String> inputs = new TreeSet<>();
    links.forEach(l -> inputs.add(l.input() + "\u0000" + l.column()));
    Map<String, Double> leftY = new HashMap<>();
    StringBuilder left = new StringBuilder();
    double y = 20;
    String group = null;
    for (String key : inputs) {
      String input = key.substring(0, key.indexOf('\u0000'));
      String column = key.substring(key.indexOf('\u0000') + 1);
      if (!input.equals(group)) {
        group = input;
        y += group == null ? 0 : 6;
        left.append("<text class=\"group\" x=\"0\" y=\"").append(Xml.num(y + 12)).append("\">").append(Xml.esc(input)).append("</text>\n");
        y += ROW;
      }
      left.append("<g class=\"col in\" data-column=\"").append(Xml.esc(input + "." + column)).append("\"><rect x=\"0\" y=\"")
          .append(Xml.num(y)).append("\" width=\"").append(Xml.num(BOX_W)).append("\" height=\"").append(Xml.num(ROW - 4))
          .append("\" rx=\"4\"/><text x=\"8\" y=\"").append(Xml.num(y + 14)).append("\">").append(Xml.esc(column)).append("</text></g>\n");
      leftY.put(key, y + (ROW - 4) / 2);
      y += ROW;
    }
    double leftH = y;
    Map<String, Double> rightY = new HashMap<>();
    StringBuilder right = new StringBuilder();
    double x2 = BOX_W + GAP;
    double ry = 20 + ROW;
    for (String out : outputs) {
      right.append("<g class=\"col out\" data-column=\"").append(Xml.esc(out)).append("\"><rect x=\"").append(Xml.num(x2)).append("\" y=\"")
          .append(Xml.num(ry)).append("\" width=\"").append(Xml.num(BOX_W)).append("\" height=\"").append(Xml.num(ROW - 4))
          .append("\" rx=\"4\"/><text x=\"").append(Xml.num(x2 + 8)).append("\" y=\"").append(Xml.num(ry + 14)).append("\">")
          .append(Xml.esc(out)).append("</text></g>\n");
      rightY.put(out, ry + (ROW - 4) / 2);
      ry += ROW;
    }
    double height = Math.max(leftH, ry) + 10;
    StringBuilder b = new StringBuilder(4096);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"columns\" role=\"img\" width=\"").append(Xml.num(2 * BOX_W + GAP + 2))
        .append("\" height=\"").append(Xml.num(height)).append("\" viewBox=\"0 0 ").append(Xml.num(2 * BOX_W + GAP + 2)).append(' ')
        .append(Xml.num(height)).append("\">\n");
    b.append("<text class=\"group\" x=\"").append(Xml.num(x2)).append("\" y=\"32\">this product</text>\n");
    for (Link l : links) {
      Double from = leftY.get(l.input() + "\u0000" + l.column());
      Double to = rightY.get(l.output());
      if (from == null || to == null) {
        continue;
      }
      double mid = BOX_W + GAP / 2;
      b.append("<path class=\"link ").append("direct".equals(l.kind()) ? "direct" : "indirect").append("\" data-from=\"")
          .append(Xml.esc(l.input() + "." + l.column())).append("\" data-to=\"").append(Xml.esc(l.output())).append("\" d=\"M")
          .append(Xml.num(BOX_W)).append(',').append(Xml.num(from)).append(" C").append(Xml.num(mid)).append(',').append(Xml.num(from))
          .append(' ').append(Xml.num(mid)).append(',').append(Xml.num(to)).append(' ').append(Xml.num(x2)).append(',').append(Xml.num(to))
          .append("\"/>\n");
    }
    b.append(left).append(right).append("</svg>");
    return b.toString();
  }
}
