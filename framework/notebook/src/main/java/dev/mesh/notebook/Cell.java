package dev.mesh.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notebook cell, parsed: either SQL statements, or a magic ({@code %name args...}) on its first line with an
 * optional body (the lines after it; {@code %chart} takes its query from there). Comment lines ({@code --}) before
 * a magic are skipped.
 */
public sealed interface Cell {
  /** SQL statements, split on {@code ;} outside quotes and comments; empty statements dropped. */
  record Sql(List<String> statements) implements Cell {
    public Sql {
      statements = List.copyOf(statements);
    }
  }

  /** A magic: its name, positional arguments, {@code key=value} options, and the body below it. */
  record Magic(String name, List<String> args, Map<String, String> options, String body) implements Cell {
    public Magic {
      args = List.copyOf(args);
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public String option(String key) {
      return options.get(key);
    }
  }

  static Cell parse(String code) {
    String[] lines = code.split("\r?\n", -1);
    int first = 0;
    while (first < lines.length && (lines[first].isBlank() || lines[first].strip().startsWith("--"))) {
      first++;
    }
    if (first < lines.length && lines[first].strip().startsWith("%")) {
      String head = lines[first].strip().replaceFirst("^%%?", "");
      List<String> tokens = tokens(head);
      if (tokens.isEmpty()) {
        throw new NotebookException("A magic needs a name after %, e.g. %products. List them with %help");
      }
      List<String> args = new ArrayList<>();
      Map<String, String> options = new LinkedHashMap<>();
      for (String t : tokens.subList(1, tokens.size())) {
        int eq = t.indexOf('=');
        if (eq > 0 && t.substring(0, eq).matches("[A-Za-z_-]+")) {
          options.put(t.substring(0, eq).toLowerCase(java.util.Locale.ROOT), t.substring(eq + 1));
        } else {
          args.add(t);
        }
      }
      StringBuilder body = new StringBuilder();
      for (int i = first + 1; i < lines.length; i++) {
        body.append(lines[i]).append('\n');
      }
      return new Magic(tokens.get(0).toLowerCase(java.util.Locale.ROOT), args, options, body.toString().strip());
    }
    return new Sql(statements(code));
  }

  /** Splits on whitespace, keeping "double" or 'single' quoted parts together (quotes removed). */
  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inToken = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          out.add(cur.toString());
          cur.setLength(0);
          inToken = false;
        }
      } else {
        cur.append(c);
        inToken = true;
      }
    }
    if (quote != 0) {
      throw new NotebookException("Unclosed quote " + quote + " in: " + s);
    }
    if (inToken) {
      out.add(cur.toString());
    }
    return out;
  }

  /** SQL statements of a cell: split on ';' outside string literals, quoted identifiers and comments. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == '\\' && quote != '`' && i + 1 < sql.length()) {
          cur.append(sql.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        cur.append(c);
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        cur.append(sql, i, end);
        i = end - 1;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        cur.append(sql, i, end);
        i = end - 1;
      } else if (c == ';') {
        add(out, cur);
      } else {
        cur.append(c);
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().strip();
    cur.setLength(0);
    if (!s.isEmpty() && !onlyComments(s)) {
      out.add(s);
    }
  }

  private static boolean onlyComments(String s) {
    for (String line : s.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("--")) {
        return false;
      }
    }
    return true;
  }
}
