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
 * A small layered layout of a directed acyclic graph (the Sugiyama scheme): each node in the layer after its deepest
 * upstream node; an edge that spans several layers gets a waypoint in each layer it crosses (a virtual node, so it
 * runs between the boxes rather than under them); then the nodes of each layer are ordered to keep edges short and
 * crossings few (barycenter sweeps, down then up), ties broken by the nodes' own order so the same graph always gets
 * the same picture. Layers go left to right.
 */
public final class LayeredLayout {
  /** A placed node: its layer (column) and its row within the layer, and its centre in pixels. */
  public record Place(int layer, int row, double x, double y) {}

  private final SortedMap<String, Place> places;
  private final Map<String, List<Place>> waypoints;
  private final double width;
  private final double height;

  private LayeredLayout(SortedMap<String, Place> places, Map<String, List<Place>> waypoints, double width, double height) {
    this.places = places;
    this.waypoints = waypoints;
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
      SortedMap<String, SortedSet<String>> upstream, Map<String, String> group, double columnGap, double rowGap,
      double marginX, double marginY) {
    Map<String, Integer> layer = new HashMap<>();
    for (String n : upstream.keySet()) {
      depth(n, upstream, layer);
    }
    int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    // The graph the ordering works on: real nodes plus one virtual node per layer an edge crosses.
    Map<String, List<String>> ups = new HashMap<>();
    Map<String, List<String>> downs = new HashMap<>();
    Map<String, List<String>> virtualOf = new TreeMap<>();
    upstream.forEach((n, us) -> {
      ups.computeIfAbsent(n, k -> new ArrayList<>());
      for (String u : us) {
        String prev = u;
        List<String> chain = new ArrayList<>();
        for (int l = layer.get(u) + 1; l < layer.get(n); l++) {
          String v = "\u0000" + u + "\u0000" + n + "\u0000" + l;
          layer.put(v, l);
          chain.add(v);
          link(prev, v, ups, downs);
          prev = v;
        }
        link(prev, n, ups, downs);
        if (!chain.isEmpty()) {
          virtualOf.put(edge(u, n), chain);
        }
      }
    });
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      rows.add(new ArrayList<>());
    }
    Comparator<String> initial = Comparator.comparing((String n) -> group.getOrDefault(n, "\uffff")).thenComparing(n -> n);
    layer.keySet().stream().sorted(initial).forEach(n -> rows.get(layer.get(n)).add(n));
    Map<String, Double> position = new HashMap<>();
    for (List<String> row : rows) {
      renumber(row, position);
    }
    for (int sweep = 0; sweep < 4; sweep++) {
      for (int l = 1; l < layers; l++) {
        order(rows.get(l), n -> ups.getOrDefault(n, List.of()), position);
      }
      for (int l = layers - 2; l >= 0; l--) {
        order(rows.get(l), n -> downs.getOrDefault(n, List.of()), position);
      }
    }
    int tallest = rows.stream().mapToInt(List::size).max().orElse(0);
    Map<String, Place> all = new HashMap<>();
    for (int l = 0; l < layers; l++) {
      List<String> row = rows.get(l);
      double offset = (tallest - row.size()) * rowGap / 2;
      for (int i = 0; i < row.size(); i++) {
        all.put(row.get(i), new Place(l, i, marginX + l * columnGap, marginY + offset + i * rowGap));
      }
    }
    SortedMap<String, Place> places = new TreeMap<>();
    upstream.keySet().forEach(n -> places.put(n, all.get(n)));
    Map<String, List<Place>> waypoints = new HashMap<>();
    virtualOf.forEach((e, chain) -> waypoints.put(e, chain.stream().map(all::get).toList()));
    return new LayeredLayout(places, waypoints, 2 * marginX + Math.max(0, layers - 1) * columnGap,
        2 * marginY + Math.max(0, tallest - 1) * rowGap);
  }

  private static String edge(String from, String to) {
    return from + "\u0000" + to;
  }

  private static void link(String from, String to, Map<String, List<String>> ups, Map<String, List<String>> downs) {
    ups.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
    downs.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
  }

  private static int depth(String n, Map<String, SortedSet<String>> upstream, Map<String, Integer> layer) {
    Integer known = layer.get(n);
    if (known != null) {
      return known;
    }
    // Recursion as deep as the longest chain of products: a few hundred at most in a real mesh.
    int d = 0;
    for (String u : upstream.get(n)) {
      d = Math.max(d, depth(u, upstream, layer) + 1);
    }
    layer.put(n, d);
    return d;
  }

  private static void renumber(List<String> row, Map<String, Double> position) {
    for (int i = 0; i < row.size(); i++) {
      position.put(row.get(i), (double) i - (row.size() - 1) / 2.0);
    }
  }

  private static void order(List<String> row, java.util.function.Function<String, List<String>> neighbours, Map<String, Double> position) {
    Map<String, Double> key = new HashMap<>();
    for (String n : row) {
      List<String> ns = neighbours.apply(n);
      key.put(n, ns.isEmpty() ? position.get(n) : ns.stream().mapToDouble(position::get).average().orElse(0));
    }
    // Stable sort: nodes with equal barycenters keep their previous order.
    row.sort(Comparator.comparingDouble(key::get));
    renumber(row, position);
  }

  public SortedMap<String, Place> places() {
    return places;
  }

  public Place place(String node) {
    return places.get(node);
  }

  /** Where an edge spanning several layers passes through the layers between its ends (empty for adjacent layers). */
  public List<Place> waypoints(String from, String to) {
    return waypoints.getOrDefault(edge(from, to), List.of());
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }
}
