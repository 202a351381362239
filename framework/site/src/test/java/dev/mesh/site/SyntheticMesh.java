package dev.mesh.site;

import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.AccessSpec;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.Owner;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.SchemaContract;
import dev.mesh.model.SlaSpec;
import dev.mesh.model.TableFormat;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.Visibility;
import dev.mesh.model.WriteMode;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import dev.mesh.site.model.QualityRecord;
import dev.mesh.site.model.RunRecord;
import dev.mesh.site.model.SiteData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A mesh made up in memory, no Spark: {@code products} products chained across 4 domains (product p reads p-4), each
 * with {@code runs} daily runs; the last run of {@code d1.p1} was blocked by its allowed-values rule.
 */
final class SyntheticMesh {
  static final Instant T0 = Instant.parse("2026-01-01T06:00:00Z");

  private SyntheticMesh() {}

  static String id(int p) {
    return "d" + (p % 4) + ".p" + p;
  }

  static SiteData of(int products, int runs) {
    List<ProductDescriptor> ds = new ArrayList<>();
    for (int p = 0; p < products; p++) {
      List<InputSpec> inputs = p < 4
          ? List.of(new InputSpec.SourceInput("orders", "tpch", Map.of("table", "orders")))
          : List.of(new InputSpec.ProductInput("up", ProductId.parse(id(p - 4))));
      List<Rule> rules = List.of(
          new Rule.AllowedValues("allowed_status", Severity.ERROR, "status", List.of("F", "O"), OnFailure.BLOCK),
          new Rule.RowCount("row_count", Severity.ERROR, 10L, 1000L));
      ds.add(new ProductDescriptor(ProductId.parse(id(p)), new Owner("team" + (p % 3), "team" + (p % 3) + "@example.com"),
          "Product number " + p + " of the synthetic mesh", "1." + (p % 2) + ".0", inputs, new TransformSpec.JavaClass("x.T"),
          new OutputSpec(TableFormat.DELTA, WriteMode.OVERWRITE, List.of(), List.of()),
          new SchemaContract(List.of(
              new ColumnSpec("order_key", "bigint", false, "The order", false),
              new ColumnSpec("status", "string", true, "F or O", false),
              new ColumnSpec(p == 5 ? "customer_email" : "amount", "string", true, "Column of " + p, p == 5))),
          new SlaSpec(rules, new FreshnessSpec(Duration.ofDays(2), List.of())), "0 6 * * *", List.of("synthetic", "tier" + (p % 2)),
          new Origin("conf/d" + (p % 4) + "/p" + p + ".conf", 1),
          new AccessSpec(p % 5 == 0 ? Visibility.INTERNAL : Visibility.PUBLIC, List.of(), List.of()), null, null, null));
    }
    ProductGraph graph = ProductGraph.of(ds);
    SortedMap<String, List<RunRecord>> runRows = new TreeMap<>();
    SortedMap<String, List<QualityRecord>> quality = new TreeMap<>();
    Map<String, List<CatalogQueries.Edge>> edges = new TreeMap<>();
    Map<String, List<CatalogQueries.Column>> columns = new TreeMap<>();
    for (int p = 0; p < products; p++) {
      String id = id(p);
      List<RunRecord> rs = new ArrayList<>();
      List<QualityRecord> qs = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        boolean blocked = p == 1 && r == runs - 1;
        String run = id + "-r" + r;
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(r - runs + 1);
        Instant end = T0.minus(Duration.ofDays(runs - 1 - r)).plusSeconds(p);
        rs.add(new RunRecord(run, id, "1.0.0", date, blocked ? "blocked" : "succeeded", end.minusSeconds(3), end, 3000L + p,
            100L + r, blocked ? null : (long) r, blocked ? "2 rules: 1 passed, 0 warned, 1 failed" : "2 rules: 2 passed", null, null));
        double share = blocked ? 0.5 : 1.0;
        qs.add(new QualityRecord(run, id, date, "allowed_status", "allowed-values", "share_allowed", share, "== 1", "error",
            blocked ? "failed" : "passed", blocked ? "status is not one of F, O in 50% of rows" : null, end));
        qs.add(new QualityRecord(run, id, date, "row_count", "row-count", "rows", 100.0 + r * 7 % 13, "between 10 and 1000", "error",
            "passed", null, end));
      }
      java.util.Collections.reverse(rs);
      runRows.put(id, rs);
      quality.put(id, qs);
      String input = p < 4 ? "source:tpch" : id(p - 4);
      edges.put(id, List.of(new CatalogQueries.Edge(id, input, p < 4 ? "orders" : "up", 1L, 1L, id + "-r0")));
      columns.put(id, List.of(
          new CatalogQueries.Column(id, "order_key", input, "up", "order_key", "direct", "IDENTITY"),
          new CatalogQueries.Column(id, "status", input, "up", "status", "direct", "IDENTITY"),
          new CatalogQueries.Column(id, "amount", input, "up", "status", "indirect", "FILTER")));
    }
    return new SiteData(graph, runRows, quality, new CatalogQueries.Graph(edges, columns),
        new TreeMap<>(Map.of(id(0), "/warehouse/delta/d0/p0")), null, T0, java.time.Duration.ofDays(30),
        new TreeMap<>(Map.of(id(0), 2)), new TreeMap<>());
  }
}
