package dev.mesh.graph;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The product graph, built from declared inputs before anything runs. Edges go from a product to the products that
 * read it. Orders are deterministic (ties broken by id) so plans and generated DAGs diff cleanly.
 */
public final class ProductGraph {
  private final Map<ProductId, ProductDescriptor> products;
  private final Map<ProductId, SortedSet<ProductId>> upstream = new TreeMap<>();
  private final Map<ProductId, SortedSet<ProductId>> downstream = new TreeMap<>();

  private ProductGraph(Map<ProductId, ProductDescriptor> products) {
    this.products = new TreeMap<>(products);
    for (ProductId id : this.products.keySet()) {
      upstream.put(id, new TreeSet<>());
      downstream.put(id, new TreeSet<>());
    }
    for (ProductDescriptor d : this.products.values()) {
      for (ProductId up : d.upstream()) {
        if (!this.products.containsKey(up)) {
          throw new MeshException(
              ErrorKind.INVALID,
              "Product " + d.id() + " (" + d.origin() + ") reads " + up + ", which no conf file declares.");
        }
        upstream.get(d.id()).add(up);
        downstream.get(up).add(d.id());
      }
    }
  }

  /** Builds the graph; an unknown input or a cycle is an error naming the products involved (exit code 2). */
  public static ProductGraph of(Collection<ProductDescriptor> products) {
    Map<ProductId, ProductDescriptor> byId = new TreeMap<>();
    products.forEach(p -> byId.put(p.id(), p));
    ProductGraph g = new ProductGraph(byId);
    List<ProductId> cycle = g.findCycle();
    if (!cycle.isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (ProductId id : cycle) {
        path.append(path.length() == 0 ? "" : " -> ").append(id);
      }
      StringBuilder where = new StringBuilder();
      for (ProductId id : new LinkedHashSet<>(cycle)) {
        where.append("\n  ").append(id).append(" declared at ").append(byId.get(id).origin());
      }
      throw new MeshException(
          ErrorKind.INVALID,
          "The product graph has a cycle: " + path + where + "\nA product cannot depend on itself, even indirectly: remove one of these inputs.");
    }
    return g;
  }

  public Set<ProductId> ids() {
    return products.keySet();
  }

  public ProductDescriptor descriptor(ProductId id) {
    return products.get(id);
  }

  public SortedSet<ProductId> upstreamOf(ProductId id) {
    return upstream.get(id);
  }

  public SortedSet<ProductId> downstreamOf(ProductId id) {
    return downstream.get(id);
  }

  /** Every product {@code id} depends on, directly or not. */
  public SortedSet<ProductId> allUpstream(ProductId id) {
    return closure(id, upstream);
  }

  /** Every product that depends on {@code id}, directly or not. */
  public SortedSet<ProductId> allDownstream(ProductId id) {
    return closure(id, downstream);
  }

  private static SortedSet<ProductId> closure(ProductId start, Map<ProductId, SortedSet<ProductId>> edges) {
    SortedSet<ProductId> seen = new TreeSet<>();
    Deque<ProductId> todo = new ArrayDeque<>(edges.get(start));
    while (!todo.isEmpty()) {
      ProductId next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(edges.get(next));
      }
    }
    return seen;
  }

  /**
   * The selected products in levels: every product's upstream products (within the selection) are in earlier
   * levels, so the products of one level can run at the same time.
   */
  public List<List<ProductId>> levels(Set<ProductId> selection) {
    Map<ProductId, Integer> level = new TreeMap<>();
    for (ProductId id : topologicalOrder()) {
      if (!selection.contains(id)) {
        continue;
      }
      int l = 0;
      for (ProductId up : upstream.get(id)) {
        if (level.containsKey(up)) {
          l = Math.max(l, level.get(up) + 1);
        }
      }
      level.put(id, l);
    }
    List<List<ProductId>> out = new ArrayList<>();
    level.forEach(
        (id, l) -> {
          while (out.size() <= l) {
            out.add(new ArrayList<>());
          }
          out.get(l).add(id);
        });
    return out;
  }

  /** All products, each after the products it reads (Kahn's algorithm, ties by id). */
  public List<ProductId> topologicalOrder() {
    Map<ProductId, Integer> remaining = new TreeMap<>();
    upstream.forEach((id, ups) -> remaining.put(id, ups.size()));
    TreeSet<ProductId> ready = new TreeSet<>();
    remaining.forEach((id, n) -> {
      if (n == 0) {
        ready.add(id);
      }
    });
    List<ProductId> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      ProductId next = ready.pollFirst();
      order.add(next);
      for (ProductId down : downstream.get(next)) {
        if (remaining.merge(down, -1, Integer::sum) == 0) {
          ready.add(down);
        }
      }
    }
    return order;
  }

  /** One cycle as a path that starts and ends at the same product, or an empty list. */
  private List<ProductId> findCycle() {
    Map<ProductId, Integer> state = new TreeMap<>();
    for (ProductId start : upstream.keySet()) {
      Deque<ProductId> stack = new ArrayDeque<>();
      List<ProductId> found = visit(start, state, stack);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private List<ProductId> visit(ProductId id, Map<ProductId, Integer> state, Deque<ProductId> stack) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<ProductId> path = new ArrayList<>();
      boolean in = false;
      for (var it = stack.descendingIterator(); it.hasNext(); ) {
        ProductId p = it.next();
        if (p.equals(id)) {
          in = true;
        }
        if (in) {
          path.add(p);
        }
      }
      path.add(id);
      return path;
    }
    state.put(id, 1);
    stack.push(id);
    for (ProductId down : downstream.get(id)) {
      List<ProductId> found = visit(down, state, stack);
      if (!found.isEmpty()) {
        return found;
      }
    }
    stack.pop();
    state.put(id, 2);
    return List.of();
  }
}
