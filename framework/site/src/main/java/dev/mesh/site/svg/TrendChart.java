package dev.mesh.site.svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quality metric over runs as a small SVG line chart, with the rule's threshold drawn as a dashed line (two for a
 * {@code between} threshold) and each outcome a dot coloured by its status.
 */
public final class TrendChart {
  /** One outcome: its label (the logical date), the measured value (null: not measured) and its status. */
  public record Point(String label, Double value, String status) {}

  static final double W = 560;
  static final double H = 190;
  private static final double LEFT = 56;
  private static final double RIGHT = 16;
  private static final double TOP = 14;
  private static final double BOTTOM = 30;
  private static final Pattern ONE = Pattern.compile("^\\s*(>=|<=|==|>|<)\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*$");
  private static final Pattern BETWEEN = Pattern.compile("^\\s*between\\s+(-?[0-9.]+)\\s+and\\s+(-?[0-9.]+)\\s*$");

  private TrendChart() {}

  /** The threshold's bounds as numbers: one for {@code >= 0.95}, two for {@code between 1 and 10}, none otherwise. */
  public static List<Double> bounds(String threshold) {
    List<Double> out = new ArrayList<>();
    if (threshold == null) {
      return out;
    }
    Matcher m = ONE.matcher(threshold);
    if (m.matches()) {
      out.add(Double.parseDouble(m.group(2)));
      return out;
    }
    m = BETWEEN.matcher(threshold.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      out.add(Double.parseDouble(m.group(1)));
      out.add(Double.parseDouble(m.group(2)));
    }
    return out;
  }

  public static String of(String title, List<Point> points, String threshold) {
    List<Double> bounds = bounds(threshold);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      if (p.value() != null && Double.isFinite(p.value())) {
        min = Math.min(min, p.value());
        max = Math.max(max, p.value());
      }
    }
    for (double v : bounds) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (!Double.isFinite(min)) {
      min = 0;
      max = 1;
    }
    if (max - min < 1e-9) {
      double pad = Math.abs(max) < 1e-9 ? 1 : Math.abs(max) * 0.1;
      min -= pad;
      max += pad;
    } else {
      double pad = (max - min) * 0.08;
      // Counts and fractions never go below zero: neither does their axis.
      min = min >= 0 ? Math.max(0, min - pad) : min - pad;
      max += pad;
    }
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    final double lo = min;
    final double span = max - min;
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - (v - lo) / span * plotH;
    java.util.function.IntToDoubleFunction x = i -> LEFT + (points.size() <= 1 ? plotW / 2 : i * plotW / (points.size() - 1));
    StringBuilder b = new StringBuilder(2048);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" role=\"img\" width=\"").append(Xml.num(W))
        .append("\" height=\"").append(Xml.num(H)).append("\" viewBox=\"0 0 ").append(Xml.num(W)).append(' ').append(Xml.num(H))
        .append("\"><title>").append(Xml.esc(title)).append("</title>\n");
    // Axis: three value labels and grid lines, the first and last dates.
    for (int i = 0; i <= 2; i++) {
      double v = lo + span * i / 2;
      double yy = y.applyAsDouble(v);
      b.append("<line class=\"grid\" x1=\"").append(Xml.num(LEFT)).append("\" x2=\"").append(Xml.num(W - RIGHT)).append("\" y1=\"")
          .append(Xml.num(yy)).append("\" y2=\"").append(Xml.num(yy)).append("\"/>")
          .append("<text class=\"axis\" x=\"").append(Xml.num(LEFT - 6)).append("\" y=\"").append(Xml.num(yy + 4))
          .append("\" text-anchor=\"end\">").append(Xml.esc(label(v))).append("</text>\n");
    }
    if (!points.isEmpty()) {
      b.append("<text class=\"axis\" x=\"").append(Xml.num(LEFT)).append("\" y=\"").append(Xml.num(H - 8)).append("\">")
          .append(Xml.esc(points.get(0).label())).append("</text>");
      if (points.size() > 1) {
        b.append("<text class=\"axis\" x=\"").append(Xml.num(W - RIGHT)).append("\" y=\"").append(Xml.num(H - 8))
            .append("\" text-anchor=\"end\">").append(Xml.esc(points.get(points.size() - 1).label())).append("</text>");
      }
      b.append('\n');
    }
    for (double v : bounds) {
      double yy = y.applyAsDouble(v);
      b.append("<line class=\"threshold\" data-threshold=\"").append(Xml.esc(label(v))).append("\" x1=\"").append(Xml.num(LEFT))
          .append("\" x2=\"").append(Xml.num(W - RIGHT)).append("\" y1=\"").append(Xml.num(yy)).append("\" y2=\"").append(Xml.num(yy))
          .append("\"/><text class=\"threshold-label\" x=\"").append(Xml.num(W - RIGHT - 2)).append("\" y=\"").append(Xml.num(yy - 4))
          .append("\" text-anchor=\"end\">threshold ").append(Xml.esc(label(v))).append("</text>\n");
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      Double v = points.get(i).value();
      if (v != null && Double.isFinite(v)) {
        line.append(line.length() == 0 ? "M" : " L").append(Xml.num(x.applyAsDouble(i))).append(',').append(Xml.num(y.applyAsDouble(v)));
      }
    }
    if (line.length() > 0) {
      b.append("<path class=\"series\" d=\"").append(line).append("\"/>\n");
    }
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (p.value() != null && Double.isFinite(p.value())) {
        b.append("<circle class=\"point ").append(Xml.esc(p.status())).append("\" cx=\"").append(Xml.num(x.applyAsDouble(i)))
            .append("\" cy=\"").append(Xml.num(y.applyAsDouble(p.value()))).append("\" r=\"3.5\"><title>").append(Xml.esc(p.label()))
            .append(": ").append(Xml.esc(label(p.value()))).append(" (").append(Xml.esc(p.status())).append(")</title></circle>\n");
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  /** A value as people read it: up to four significant decimals, no trailing zeros. */
  public static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    return s;
  }
}
