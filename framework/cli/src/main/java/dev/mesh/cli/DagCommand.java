package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.export.airflow.DagFactoryExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh dag --out DIR}: the mesh as Airflow DAGs (dag-factory JSON, one per domain) plus their loader. */
@Command(
    name = "dag",
    mixinStandardHelpOptions = true,
    description = {
      "Write the mesh as Airflow DAGs (dag-factory JSON), one per domain; nothing runs.",
      "Writes <domain>.dagfactory.json (one SparkSubmitOperator task per product, sensors for other domains' inputs) "
          + "and mesh_dags.py, the loader for Airflow's dags folder.",
      "Settings: mesh.orchestration in conf/mesh.conf."
    })
final class DagCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write (e.g. Airflow's dags folder)")
  Path out;

  @Override
  public Integer call() {
    Mesh mesh = Mesh.open();
    ProductGraph graph = mesh.graph();
    DagFactoryExport export = new DagFactoryExport(graph, mesh.config().platform());
    DagFactoryExport.Written w = export.write(out);
    for (Path p : w.removed()) {
      System.out.println("removed " + p + " (its domain has no products any more)");
    }
    for (Path p : w.written()) {
      System.out.println("wrote   " + p);
    }
    for (String domain : withoutJobModule(mesh.config())) {
      System.err.println(
          "mesh: domain " + domain + " is declared in conf/" + domain + "/ but has no jobs/" + domain + "/pom.xml: no build here makes"
              + " mesh-jobs-" + domain + ".jar, which its DAG's tasks submit. Add the domain's module (README, \"A new domain\"), or"
              + " build the jar where the domain's code lives.");
    }
    long domains = graph.ids().stream().map(id -> id.domain()).distinct().count();
    System.out.println(
        domains + (domains == 1 ? " DAG, " : " DAGs, ") + graph.ids().size()
            + (graph.ids().size() == 1 ? " product task. Put " : " product tasks. Put ") + out
            + " in Airflow's dags folder (with dag-factory and the Apache Spark provider installed).");
    return 0;
  }

  /**
   * The domains declared in this project's {@code conf/} whose job jar no module here builds (no {@code
   * jobs/<domain>/pom.xml}). Declarations from {@code MESH_CONF_PATH} are another repository's, built there.
   */
  static java.util.SortedSet<String> withoutJobModule(dev.mesh.config.MeshConfig config) {
    Path home = config.platform().home().toAbsolutePath().normalize();
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    for (var d : config.all()) {
      if (dev.mesh.scaffold.JobsModules.builtHere(home, Path.of(d.origin().file()).toAbsolutePath()) && !java.nio.file.Files.isRegularFile(home.resolve("jobs").resolve(d.domain()).resolve("pom.xml"))) {
        out.add(d.domain());
      }
    }
    return out;
  }
}
