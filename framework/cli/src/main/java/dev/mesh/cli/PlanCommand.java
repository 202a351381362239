package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.graph.Selection;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh plan [selection]}: the order products would run in, by levels that can run in parallel. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Print the run order of a selection, by parallel levels (nothing runs)")
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SELECTION", arity = "0..*")
  List<String> terms = new ArrayList<>();

  @Option(names = "--domain")
  List<String> domains = new ArrayList<>();

  @Option(names = "--all")
  boolean all;

  @Override
  public Integer call() {
    Mesh mesh = Mesh.open();
    ProductGraph graph = mesh.graph();
    boolean everything = all || (terms.isEmpty() && domains.isEmpty());
    SortedSet<ProductId> selected = Selection.resolve(graph, terms, domains, everything);
    List<List<ProductId>> levels = graph.levels(selected);
    int step = 1;
    for (int l = 0; l < levels.size(); l++) {
      System.out.println("level " + (l + 1) + (levels.get(l).size() > 1 ? " (these run in parallel)" : "") + ":");
      for (ProductId id : levels.get(l)) {
        ProductDescriptor d = graph.descriptor(id);
        String ups = graph.upstreamOf(id).isEmpty() ? "" : "  <- " + String.join(", ", graph.upstreamOf(id).stream().map(ProductId::toString).toList());
        System.out.printf("  %2d. %-32s %-8s %-21s%s%n", step++, id, d.output().format().label(), d.output().mode().label(), ups);
      }
    }
    System.out.println(
        selected.size() + (selected.size() == 1 ? " product" : " products") + " in " + levels.size()
            + (levels.size() == 1 ? " level." : " levels."));
    return 0;
  }
}
