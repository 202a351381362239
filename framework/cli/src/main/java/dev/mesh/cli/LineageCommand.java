package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.lineage.LineageTree;
import dev.mesh.lineage.OpenLineageEvents;
import dev.mesh.model.ProductId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh lineage <id> [--upstream|--downstream] [--columns] [--format text|json|dot]}. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Show where a product comes from and where it goes, as its latest runs recorded it.",
      "From mesh.lineage, with the versions read; --columns adds column lineage from the transform's Spark plan."
    })
final class LineageCommand implements Callable<Integer> {
  enum Format { text, json, dot }

  @Parameters(paramLabel = "PRODUCT", description = "A product id, e.g. sales.revenue")
  String id;

  @Option(names = "--upstream", description = "Only what it is made from")
  boolean upstream;

  @Option(names = "--downstream", description = "Only what is made from it")
  boolean downstream;

  @Option(names = "--columns", description = "Show column lineage (direct: values flow; indirect: filters, joins, group keys)")
  boolean columns;

  @Option(names = "--format", paramLabel = "text|json|dot", description = "text (a tree, default), json, or dot (Graphviz: mesh lineage x --format dot | dot -Tsvg)")
  Format format = Format.text;

  @Override
  public Integer call() throws Exception {
    if (upstream && downstream) {
      throw MeshErrors.usage("Use --upstream or --downstream, or neither for both.");
    }
    boolean up = !downstream;
    boolean down = !upstream;
    try (Mesh mesh = Mesh.open()) {
      CatalogQueries q = CatalogCommand.queries(mesh);
      java.util.SortedSet<ProductId> known = q.knownIds();
      if (known.stream().noneMatch(k -> k.toString().equals(id))) {
        throw MeshErrors.unknownProduct(id, known, "it is neither declared nor recorded");
      }
      LineageTree tree = new LineageTree(q.graph(), columns);
      switch (format) {
        case text -> {
          if (up) {
            System.out.println("upstream of " + tree.upstream(id).stripTrailing());
          }
          if (up && down) {
            System.out.println();
          }
          if (down) {
            System.out.println("downstream of " + tree.downstream(id).stripTrailing());
          }
        }
        case json -> System.out.println(OpenLineageEvents.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree.json(id, up, down)));
        case dot -> System.out.print(tree.dot(id, up, down));
      }
      return 0;
    }
  }
}
