package dev.mesh.site.svg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A small layered layout of a directed acyclic graph (the Sugiyama scheme without dummy nodes): each node in the
 * layer after its deepest upstream node, then the nodes of each layer ordered to keep edges short and few crossing
 * (barycenter sweeps, down then up), ties broken by the nodes' own order so the same graph always gets the same
 * picture. Layers go left to right.
 */
public final class LayeredLayout {
  /** A placed node: its layer (column) and its row within the layer, and its centre in pixels. */
  public record Place(int layer, int row, double x, double y) {}

  private final SortedMap<String, Place> places;
  private final double width;
  private final double height;

  private LayeredLayout(SortedMap<String, Place> places, double width, double height) {
    this.places = places;
    this.width = width;
    this.height = height;
  }

  /**
   * @param upstream every node (sorted) with the nodes it depends on, which must all be nodes too
   * @param group a key that keeps the nodes of one group together in a layer's initial order (the domain)
   * @param columnGap the distance between two layers' centres
   * @param rowGap the distance between two rows' centres
   * @param marginX the space left and right of the nodes' centres (half a node's width and some)
   * @param marginY the space above and below the nodes' centres
   */
  public static LayeredLayout of(
      SortedMap<String, SortedSet<String>> upstream, Map<String, String> group, double columnGap, double rowGap, double marginX, double marginY) {
    Map<String, Integer> layer = new HashMap<>();
    for (String n : upstream.keySet()) {
      depth(n, upstream, layer);
    }
    int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      rows.add(new ArrayList<>());
    }
    Comparator<String> initial = Comparator.comparing((String n) -> group.getOrDefault(n, "")).thenComparing(n -> n);
    upstream.keySet().stream().sorted(initial).forEach(n -> rows.get(layer.get(n)).add(n));
    Map<String, List<String>> downstream = new HashMap<>();
    upstream.forEach((n, ups) -> ups.forEach(u -> downstream.computeIfAbsent(u, k -> new ArrayList<>()).add(n)));
    Map<String, Double> position = new HashMap<>();
    positions(rows, position);
    for (int sweep = 0; sweep < 4; sweep++) {
      for (int l = 1; l < layers; l++) {
        order(rows.get(l), n -> new ArrayList<>(upstream.get(n)), position);
      }
      for (int l = layers - 2; l >= 0; l--) {
        order(rows.get(l), n -> downstream.getOrDefault(n, List.of()), position);
      }
    }
    int tallest = rows.stream().mapToInt(List::size).max().orElse(0);
    SortedMap<String, Place> places = new TreeMap<>();
    for (int l = 0; l < layers; l++) {
      List<String> row = rows.get(l);
      double offset = (tallest - row.size()) * rowGap / 2;
      for (int i = 0; i < row.size(); i++) {
        places.put(row.get(i), new Place(l, i, marginX + l * columnGap, marginY + offset + i * rowGap));
      }
    }
    return new LayeredLayout(places, 2 * marginX + Math.max(0, layers - 1) * columnGap, 2 * marginY + Math.max(0, tallest - 1) * rowGap);
  }

  private static int depth(String n, Map<String, SortedSet<String>> upstream, Map<String, Integer> layer) {
    Integer known = layer.get(n);
    if (known != null) {
      return known;
    }
    // Iterative enough for a mesh: recursion depth is the longest chain of products.
    int d = 0;
    for (String u : upstream.get(n)) {
      d = Math.max(d, depth(u, upstream, layer) + 1);
    }
    layer.put(n, d);
    return d;
  }

  private static void positions(List<List<String>> rows, Map<String, Double> position) {
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        position.put(row.get(i), (double) i - (row.size() - 1) / 2.0);
      }
    }
  }

  private static void order(List<String> row, java.util.function.Function<String, List<String>> neighbours, Map<String, Double> position) {
    Map<String, Double> key = new HashMap<>();
    for (int i = 0; i < row.size(); i++) {
      String n = row.get(i);
      List<String> ns = neighbours.apply(n);
      key.put(n, ns.isEmpty() ? position.get(n) : ns.stream().mapToDouble(position::get).average().orElse(0));
    }
    // Stable sort: nodes with equal barycenters keep their previous order.
    row.sort(Comparator.comparingDouble(key::get));
    for (int i = 0; i < row.size(); i++) {
      position.put(row.get(i), (double) i - (row.size() - 1) / 2.0);
    }
  }

  public SortedMap<String, Place> places() {
    return places;
  }

  public Place place(String node) {
    return places.get(node);
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }
}
