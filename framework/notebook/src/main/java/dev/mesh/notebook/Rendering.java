package dev.mesh.notebook;

import dev.mesh.render.TablePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Renders result tables as escaped HTML and as aligned plain text (the fallback every front end can show). */
public final class Rendering {
  private Rendering() {}

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A cell's display text: NULL for null, plain notation for decimals. */
  public static String cell(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] bytes) {
      return "<" + bytes.length + " bytes>";
    }
    return String.valueOf(v);
  }

  /** The table as HTML: a header row, one row per result row, and a footer with the row count and the limit. */
  public static String html(ResultTable t) {
    StringBuilder b = new StringBuilder("<table class=\"mesh-result\">\n<thead><tr>");
    for (String c : t.columns()) {
      b.append("<th>").append(escape(c)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : t.rows()) {
      b.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String s = cell(row.get(i));
        b.append(t.numeric(i) ? "<td style=\"text-align:right\">" : "<td>")
            .append(s == null ? "<i>NULL</i>" : escape(s))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n<p><small>").append(escape(footer(t))).append("</small></p>");
    return b.toString();
  }

  /** The table as aligned text, with the same footer as the HTML. */
  public static String text(ResultTable t) {
    List<List<String>> cells = new ArrayList<>();
    for (List<Object> row : t.rows()) {
      List<String> c = new ArrayList<>();
      row.forEach(v -> c.add(cell(v)));
      cells.add(c);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      TablePrinter.printAligned(ps, t.columns(), cells);
      ps.print(footer(t));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String footer(ResultTable t) {
    int n = t.rows().size();
    return "(" + n + (n == 1 ? " row" : " rows")
        + (t.truncated() ? ", limited to " + t.limit() + ": change with %limit N" : "") + ")";
  }
}
