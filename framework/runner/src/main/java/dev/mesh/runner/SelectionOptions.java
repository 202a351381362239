package dev.mesh.runner;

import dev.mesh.config.ChangedProducts;
import dev.mesh.config.MeshConfig;
import dev.mesh.graph.ProductGraph;
import dev.mesh.graph.Selection;
import dev.mesh.model.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The product selection of the commands that take one as {@code mesh run} does ({@code mesh run}, {@code mesh plan}),
 * declared once as a picocli mixin: ids, {@code id+} and {@code +id}, {@code --domain}, {@code --all}, and
 * {@code --changed-since} (what a branch changed, as git says: {@link ChangedProducts}).
 */
public final class SelectionOptions {
  @Parameters(paramLabel = "SELECTION", arity = "0..*", description = "Products, e.g. sales.orders or +sales.revenue")
  List<String> terms = new ArrayList<>();

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Every product of this domain (repeatable)")
  List<String> domains = new ArrayList<>();

  @Option(names = "--all", description = "Every product")
  boolean all;

  @Option(names = "--changed-since", paramLabel = "GIT_REF",
      description = "Also the products whose declaration, transform or unit tests differ from this git commit, "
          + "e.g. origin/main (changes not committed and new files count; a domain.conf: its domain; another conf file: "
          + "all); none changed selects nothing, which is not an error")
  String changedSince;

  /**
   * Whether nothing is selected: no id, no {@code --domain}, no {@code --all}, no {@code --changed-since} (where that
   * means every product).
   */
  public boolean isEmpty() {
    return terms.isEmpty() && domains.isEmpty() && !all && changedSince == null;
  }

  /**
   * The selected products. Nothing named, or a name the graph does not know, is a usage error; with
   * {@code --changed-since} alone, no product changed is an empty selection ({@link #nothingChanged()} says so).
   */
  public SortedSet<ProductId> resolve(ProductGraph graph, MeshConfig config) {
    if (changedSince == null) {
      return Selection.resolve(graph, terms, domains, all);
    }
    SortedSet<ProductId> out =
        new TreeSet<>(ChangedProducts.of(config, GitChanges.since(config.platform().home(), changedSince)));
    if (!terms.isEmpty() || !domains.isEmpty() || all) {
      out.addAll(Selection.resolve(graph, terms, domains, all));
    }
    return out;
  }

  /** What a command prints when {@code --changed-since} selected nothing, before it ends with success. */
  public String nothingChanged() {
    return "No product differs from " + changedSince + ": nothing selected.";
  }
}
