package dev.mesh.render;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as an aligned text table, as CSV, or as a JSON array. */
public final class TablePrinter {
  private TablePrinter() {}

  public static void printAligned(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
    }
    for (List<String> r : rows) {
      for (int i = 0; i < r.size() && i < width.length; i++) {
        width[i] = Math.max(width[i], display(r.get(i)).length());
      }
    }
    out.println(line(header, width));
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    out.println(line(rule, width));
    for (List<String> r : rows) {
      out.println(line(r, width));
    }
  }

  /** {@link #printAligned} into a string, its lines ending with the platform's line separator. */
  public static String aligned(List<String> header, List<List<String>> rows) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    printAligned(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), header, rows);
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Every line of {@code text} after {@code indent}, each ending with the platform's line separator. */
  public static String indented(String text, String indent) {
    StringBuilder b = new StringBuilder();
    text.lines().forEach(l -> b.append(indent).append(l).append(System.lineSeparator()));
    return b.toString();
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.size() ? display(cells.get(i)) : "";
      b.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(Math.max(0, width[i] - c.length())));
    }
    return b.toString().stripTrailing();
  }

  private static String display(String v) {
    if (v == null) {
      return "NULL";
    }
    String oneLine = v.replace('\n', ' ');
    return oneLine.length() > 80 ? oneLine.substring(0, 79) + "…" : oneLine;
  }

  public static void printCsv(PrintStream out, List<String> header, List<List<String>> rows) {
    out.println(csv(header));
    for (List<String> r : rows) {
      out.println(csv(r));
    }
  }

  private static String csv(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (c == null) {
        continue;
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
