package dev.mesh.lineage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.lineage.CatalogQueries.Column;
import dev.mesh.lineage.CatalogQueries.Edge;
import dev.mesh.lineage.CatalogQueries.Graph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a product's lineage graph as a text tree, JSON, or Graphviz DOT. */
public final class LineageTree {
  private final Graph graph;
  private final boolean columns;

  public LineageTree(Graph graph, boolean columns) {
    this.graph = graph;
    this.columns = columns;
  }

  /** The upstream tree: the product, then what it read (with the versions), recursively. */
  public String upstream(String product) {
    StringBuilder b = new StringBuilder(product).append('\n');
    columnLines(b, product, "");
    if (graph.inputs(product).isEmpty()) {
      b.append("└── (it reads no input)\n");
    }
    up(b, product, "", new HashSet<>(Set.of(product)));
    return b.toString();
  }

  /** The downstream tree: the product, then the products that read it, recursively. */
  public String downstream(String product) {
    StringBuilder b = new StringBuilder(product).append('\n');
    if (graph.consumers(product).isEmpty()) {
      // Said, not left as a bare name: "downstream of x" and nothing under it reads as a command that failed.
      b.append("└── (no product reads it)\n");
    }
    down(b, product, "", new HashSet<>(Set.of(product)));
    return b.toString();
  }

  private void up(StringBuilder b, String product, String indent, Set<String> path) {
    List<Edge> in = graph.inputs(product);
    for (int i = 0; i < in.size(); i++) {
      Edge e = in.get(i);
      boolean last = i == in.size() - 1;
      b.append(indent).append(last ? "└── " : "├── ").append(e.input())
          .append(e.inputVersion() == null ? "" : " @" + e.inputVersion()).append("  (as ").append(e.alias()).append(")\n");
      String next = indent + (last ? "    " : "│   ");
      if (path.add(e.input())) {
        columnLines(b, e.input(), next);
        up(b, e.input(), next, path);
        path.remove(e.input());
      }
    }
  }

  private void down(StringBuilder b, String product, String indent, Set<String> path) {
    List<Edge> out = graph.consumers(product);
    for (int i = 0; i < out.size(); i++) {
      Edge e = out.get(i);
      boolean last = i == out.size() - 1;
      b.append(indent).append(last ? "└── " : "├── ").append(e.product())
          .append(e.inputVersion() == null ? "" : "  (read @" + e.inputVersion() + " as " + e.alias() + ")").append('\n');
      String next = indent + (last ? "    " : "│   ");
      if (columns) {
        for (Column c : graph.columns(e.product())) {
          if (c.input().equals(product) && "direct".equals(c.kind())) {
            b.append(next).append("· ").append(c.output()).append(" <- ").append(c.column()).append('\n');
          }
        }
      }
      if (path.add(e.product())) {
        down(b, e.product(), next, path);
        path.remove(e.product());
      }
    }
  }

  private void columnLines(StringBuilder b, String product, String indent) {
    if (!columns) {
      return;
    }
    Map<String, List<String>> direct = new LinkedHashMap<>();
    List<String> indirect = new ArrayList<>();
    for (Column c : graph.columns(product)) {
      String from = c.input() + "." + c.column();
      if ("direct".equals(c.kind())) {
        direct.computeIfAbsent(c.output(), k -> new ArrayList<>()).add(from);
      } else {
        String s = from + " (" + c.subtype().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
        if (!indirect.contains(s)) {
          indirect.add(s);
        }
      }
    }
    for (Map.Entry<String, List<String>> e : direct.entrySet()) {
      b.append(indent).append("│ · ").append(e.getKey()).append(" <- ").append(String.join(", ", e.getValue())).append('\n');
    }
    if (!indirect.isEmpty()) {
      b.append(indent).append("│ · rows decided by ").append(String.join(", ", indirect)).append('\n');
    }
  }

  /** The same graph as JSON: nodes with their inputs (and columns), reachable in the chosen direction(s). */
  public ObjectNode json(String product, boolean upstream, boolean downstream) {
    ObjectNode root = OpenLineageEvents.mapper().createObjectNode();
    root.put("product", product);
    Set<String> nodes = reachable(product, upstream, downstream);
    ArrayNode edges = root.putArray("edges");
    for (String n : nodes) {
      for (Edge e : graph.inputs(n)) {
        if (nodes.contains(e.input()) || e.input().startsWith("source:")) {
          ObjectNode o = edges.addObject().put("from", e.input()).put("to", e.product()).put("alias", e.alias());
          if (e.inputVersion() != null) {
            o.put("input_version", e.inputVersion());
          }
          if (e.outputVersion() != null) {
            o.put("output_version", e.outputVersion());
          }
        }
      }
    }
    if (columns) {
      ArrayNode cols = root.putArray("columns");
      for (String n : nodes) {
        for (Column c : graph.columns(n)) {
          cols.addObject().put("product", c.product()).put("column", c.output()).put("input", c.input())
              .put("input_column", c.column()).put("kind", c.kind()).put("subtype", c.subtype());
        }
      }
    }
    return root;
  }

  /** Graphviz: one node per product, an edge per input labelled with the version read. */
  public String dot(String product, boolean upstream, boolean downstream) {
    StringBuilder b = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box];\n");
    b.append("  \"").append(product).append("\" [style=bold];\n");
    Set<String> nodes = reachable(product, upstream, downstream);
    for (String n : nodes) {
      for (Edge e : graph.inputs(n)) {
        if (nodes.contains(e.input()) || e.input().startsWith("source:")) {
          b.append("  \"").append(e.input()).append("\" -> \"").append(e.product()).append("\"");
          if (e.inputVersion() != null) {
            b.append(" [label=\"v").append(e.inputVersion()).append("\"]");
          }
          b.append(";\n");
        }
      }
    }
    return b.append("}\n").toString();
  }

  private Set<String> reachable(String product, boolean upstream, boolean downstream) {
    Set<String> out = new java.util.TreeSet<>();
    out.add(product);
    List<String> todo = new ArrayList<>(List.of(product));
    while (upstream && !todo.isEmpty()) {
      for (Edge e : graph.inputs(todo.remove(0))) {
        if (out.add(e.input())) {
          todo.add(e.input());
        }
      }
    }
    todo = new ArrayList<>(List.of(product));
    while (downstream && !todo.isEmpty()) {
      for (Edge e : graph.consumers(todo.remove(0))) {
        if (out.add(e.product())) {
          todo.add(e.product());
        }
      }
    }
    return out;
  }
}
