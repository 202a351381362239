package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runner.ExitCode;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.ProductHolds;
import java.util.List;

/** What {@code mesh hold} and {@code mesh release} share: the selected products, in run order, and the exit code. */
final class HoldSelection {
  private HoldSelection() {}

  /** The selected products in the order they run (upstream first); empty when {@code --changed-since} found none. */
  static List<ProductDescriptor> of(Mesh mesh, SelectionOptions selection) {
    ProductGraph graph = mesh.graph();
    return graph.levels(selection.resolve(graph, mesh.config())).stream().flatMap(List::stream).map(graph::descriptor).toList();
  }

  /**
   * Whether the holds or releases failed (all fail together: one commit), said once: the first outcome's error, and
   * that none of the others was recorded either.
   */
  static boolean failed(List<ProductHolds.Outcome> outcomes, String verb) {
    ProductHolds.Outcome first = outcomes.stream().filter(o -> !o.ok()).findFirst().orElse(null);
    if (first == null) {
      return false;
    }
    System.out.println(first.error() + (outcomes.size() == 1 ? "" : " None of the " + outcomes.size() + " products selected was " + verb + "."));
    return true;
  }

  /** 0, or the code of the first outcome that failed (all fail together: one commit). */
  static int exitCode(List<ProductHolds.Outcome> outcomes) {
    return outcomes.stream().filter(o -> !o.ok()).findFirst().map(o -> ExitCode.of(o.kind()).code()).orElse(ExitCode.SUCCESS.code());
  }
}
