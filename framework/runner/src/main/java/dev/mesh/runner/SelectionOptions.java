package dev.mesh.runner;

import dev.mesh.graph.ProductGraph;
import dev.mesh.graph.Selection;
import dev.mesh.model.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The product selection of the commands that take one as {@code mesh run} does ({@code mesh run}, {@code mesh plan}),
 * declared once as a picocli mixin: ids, {@code id+} and {@code +id}, {@code --domain}, {@code --all}.
 */
public final class SelectionOptions {
  @Parameters(paramLabel = "SELECTION", arity = "0..*", description = "Products, e.g. sales.orders or +sales.revenue")
  List<String> terms = new ArrayList<>();

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Every product of this domain (repeatable)")
  List<String> domains = new ArrayList<>();

  @Option(names = "--all", description = "Every product")
  boolean all;

  /** Whether nothing is selected: no id, no {@code --domain}, no {@code --all} (where that means every product). */
  public boolean isEmpty() {
    return terms.isEmpty() && domains.isEmpty() && !all;
  }

  /** The selected products; nothing selected, or a name the graph does not know, is a usage error. */
  public SortedSet<ProductId> resolve(ProductGraph graph) {
    return Selection.resolve(graph, terms, domains, all);
  }
}
