package dev.mesh.graph;

import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductId;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which products a command acts on, in dbt's syntax: {@code <id>} alone, {@code <id>+} with everything downstream,
 * {@code +<id>} with everything upstream, {@code +<id>+} both; plus whole domains or all products.
 */
public final class Selection {
  private Selection() {}

  public static SortedSet<ProductId> resolve(
      ProductGraph graph, List<String> terms, List<String> domains, boolean all) {
    SortedSet<ProductId> out = new TreeSet<>();
    if (all) {
      out.addAll(graph.ids());
    }
    for (String domain : domains) {
      List<ProductId> inDomain = graph.ids().stream().filter(id -> id.domain().equals(domain)).toList();
      if (inDomain.isEmpty()) {
        TreeSet<String> known = new TreeSet<>();
        graph.ids().forEach(id -> known.add(id.domain()));
        List<String> close = MeshErrors.closest(domain, known);
        throw MeshErrors.usage("Unknown domain '" + domain + "'" + (close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)")
            + ". Known domains: " + String.join(", ", known));
      }
      out.addAll(inDomain);
    }
    for (String term : terms) {
      String t = term.trim();
      boolean up = t.startsWith("+");
      boolean down = t.endsWith("+") && t.length() > 1;
      String idText = t.substring(up ? 1 : 0, t.length() - (down ? 1 : 0));
      ProductId id;
      try {
        id = ProductId.parse(idText);
      } catch (IllegalArgumentException e) {
        List<ProductId> ofDomain = graph.ids().stream().filter(p -> p.domain().equals(idText)).toList();
        if (!ofDomain.isEmpty()) {
          throw MeshErrors.usage(
              "'" + idText + "' is a domain, not a product: select all its products with --domain " + idText
                  + ", or name one of them: " + String.join(", ", ofDomain.stream().map(ProductId::toString).toList()) + ".");
        }
        throw MeshErrors.unknownProduct(idText, graph.ids());
      }
      if (!graph.ids().contains(id)) {
        throw MeshErrors.unknownProduct(idText, graph.ids());
      }
      out.add(id);
      if (up) {
        out.addAll(graph.allUpstream(id));
      }
      if (down) {
        out.addAll(graph.allDownstream(id));
      }
    }
    if (out.isEmpty()) {
      throw MeshErrors.usage("Nothing selected: name products (e.g. sales.orders, +sales.revenue, sales.orders+), --domain <d> or --all.");
    }
    return out;
  }
}
