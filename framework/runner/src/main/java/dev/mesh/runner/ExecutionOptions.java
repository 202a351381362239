package dev.mesh.runner;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** Options of every command that runs products (`mesh run`, `mesh demo`), declared once as a picocli mixin. */
public final class ExecutionOptions {
  @Option(names = "--parallelism", paramLabel = "N", description = "Products run at once (default: mesh.parallelism)")
  Integer parallelism;

  @Option(
      names = "--fail",
      paramLabel = "PRODUCT",
      description = "Failure drill: this product's runs fail without running, to see what is skipped and what carries on (repeatable)")
  List<String> fail = new ArrayList<>();

  public int parallelism(Mesh mesh) {
    if (parallelism != null && parallelism < 1) {
      throw dev.mesh.errors.MeshErrors.usage("--parallelism must be at least 1, got " + parallelism + ".");
    }
    return parallelism != null ? parallelism : mesh.config().platform().parallelism();
  }

  /** The products named by --fail, checked against the graph. */
  public Set<ProductId> forcedFailures(ProductGraph graph) {
    Set<ProductId> out = new TreeSet<>();
    for (String name : fail) {
      ProductId id;
      try {
        id = ProductId.parse(name);
      } catch (IllegalArgumentException e) {
        throw MeshErrors.unknownProduct(name, graph.ids());
      }
      if (!graph.ids().contains(id)) {
        throw MeshErrors.unknownProduct(name, graph.ids());
      }
      out.add(id);
    }
    return out;
  }
}
