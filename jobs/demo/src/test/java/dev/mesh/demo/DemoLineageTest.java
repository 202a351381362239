package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.lineage.OpenLineageEvents;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.QualityEngines;
import dev.mesh.runtime.RunResult;
import dev.mesh.testing.OpenLineageSchemas;
import dev.mesh.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo run (every product in conf/, as bin/mesh demo does, on two dates): every OpenLineage event it emits
 * validates against the official schemas, and mesh.lineage names every declared input of every product.
 */
class DemoLineageTest {
  @TempDir Path tmp;

  @Test
  void everyDemoEventValidatesAndLineageNamesEveryDeclaredInput() throws Exception {
    Path events = tmp.resolve("events.jsonl");
    Properties props = new Properties();
    props.setProperty("mesh.warehouse", TestSpark.warehouse().toString());
    props.setProperty("mesh.lineage.path", events.toString());
    props.setProperty("mesh.sources.tpch.scale", "0.01");
    Path project = Path.of(System.getProperty("mesh.project.dir", "../..")).toAbsolutePath().normalize();
    MeshConfig config = new MeshConfigLoader(project, Map.of(), props).load();
    MeshContext base = MeshContext.create(TestSpark.session(), config, QualityEngines.load());
    base.catalog().ensureCreated();
    List<String> problems = new CopyOnWriteArrayList<>();
    MeshContext ctx = base.withListener(new LineageListener(base, LineageTransport.of(config.platform().lineage()), problems::add));
    ProductGraph graph = ProductGraph.of(config.all());

    List<RunResult> results =
        new MeshRunner(ctx, 2).run(graph, new TreeSet<>(graph.ids()), List.of(LocalDate.of(1995, 6, 1), LocalDate.of(1995, 6, 2)), new MeshRunner.Listener() {});

    assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(r.product() + ": " + r.error()).isTrue());
    assertThat(problems).isEmpty();
    List<String> lines = Files.readAllLines(events);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(results.size() * 2);
    for (String line : lines) {
      JsonNode e = OpenLineageEvents.mapper().readTree(line);
      assertThat(OpenLineageSchemas.load().problems(e)).as(line).isEmpty();
    }
    Set<String> runIds = results.stream().map(RunResult::runId).collect(Collectors.toSet());
    for (ProductDescriptor d : config.all()) {
      Set<String> recorded = new TreeSet<>();
      for (Row r : ctx.catalog().read(CatalogTable.LINEAGE).where("level = 'table' AND product = '" + d.id() + "'").collectAsList()) {
        if (runIds.contains(r.<String>getAs("run_id"))) {
          recorded.add(r.getAs("input_alias") + "=" + r.getAs("input"));
        }
      }
      Set<String> declared = new TreeSet<>();
      for (InputSpec in : d.inputs()) {
        declared.add(in.alias() + "=" + (in instanceof InputSpec.ProductInput p ? p.product().toString() : "source:" + ((InputSpec.SourceInput) in).type()));
      }
      assertThat(recorded).as(d.id().toString()).isEqualTo(declared);
    }
  }
}
