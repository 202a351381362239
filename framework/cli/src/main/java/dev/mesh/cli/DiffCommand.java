package dev.mesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.catalog.DescriptorJson;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.SchemaChange;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ProductId;
import dev.mesh.render.Plural;
import dev.mesh.render.TablePrinter;
import dev.mesh.runner.ExitCode;
import dev.mesh.runner.RunCommand;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.ProductDiff;
import dev.mesh.runtime.QualityReports;
import dev.mesh.runtime.TableDiff;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mesh diff <selection> [--date D]}: what a run of each selected product would change in its published table,
 * changing nothing ({@link ProductDiff}): the rows added, removed and changed (with the columns that changed and a
 * sample of each), the columns' changes, and whether quality would let it publish.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a run would change in each product's table, changing nothing.",
      "Each candidate is computed as its run would compute it (plan, read, transform, contract, quality) and compared "
          + "with the rows its write would replace in the published table: rows added, removed and changed (matched on "
          + "the merge keys or the first unique rule's columns), the columns that changed, a sample of each, and "
          + "whether quality would let it publish. No table is written, no run recorded, no lease taken.",
      "Each product is compared with its inputs as published: a change upstream shows here once it is published.",
      "Exit code 0 when every candidate would publish, else the code its run would exit with (1 failed, 2 refused, "
          + "3 blocked by quality, 4 input missing)."
    })
final class DiffCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The logical date (default: today, UTC)")
  String date;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "5",
      description = "Rows shown of each change: added, removed, changed (default: 5; 0 for counts only)")
  int rows;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json (one document, for CI)")
  String format;

  @Override
  public Integer call() {
    if (!List.of("text", "json").contains(format)) {
      throw MeshErrors.usage("--format must be text or json, got '" + format + "'.");
    }
    if (rows < 0) {
      throw MeshErrors.usage("--rows must be 0 or more, got " + rows + ".");
    }
    LocalDate logicalDate = date != null ? RunCommand.parse("--date", date) : LocalDate.now(ZoneOffset.UTC);
    boolean text = format.equals("text");
    try (Mesh mesh = Mesh.open()) {
      ProductGraph graph = mesh.graph();
      List<ProductId> selected = graph.levels(selection.resolve(graph, mesh.config())).stream().flatMap(List::stream).toList();
      if (selected.isEmpty() && text) {
        System.out.println(selection.nothingChanged());
      }
      ProductDiff diff = mesh.productDiff();
      List<ProductDiff.Preview> previews = new ArrayList<>();
      List<List<Consumer>> consumers = new ArrayList<>();
      for (ProductId id : selected) {
        if (text) {
          // Spark's start and the run's reads take a while: say what is under way.
          System.out.printf(Locale.ROOT, "[%d/%d] computing %s for %s as its run would ...%n",
              previews.size() + 1, selected.size(), id, logicalDate);
        }
        ProductDiff.Preview p = diff.preview(graph.descriptor(id), logicalDate, rows);
        previews.add(p);
        List<Consumer> readers = consumers(mesh, graph, p);
        consumers.add(readers);
        if (text) {
          printText(System.out, p, readers);
        }
      }
      if (text) {
        long wouldNot = previews.stream().filter(p -> !p.wouldPublish()).count();
        long changing = previews.stream().filter(p -> p.wouldPublish() && (!p.rows().identical() || !p.schema().isEmpty())).count();
        System.out.printf(Locale.ROOT, "mesh diff: %s for %s: %d would change, %d unchanged, %d would not publish.%n",
            Plural.count(previews.size(), "product"), logicalDate, changing, previews.size() - changing - wouldNot, wouldNot);
      } else {
        printJson(previews, consumers, logicalDate);
      }
      ExitCode worst = ExitCode.SUCCESS;
      for (ProductDiff.Preview p : previews) {
        worst = ExitCode.worst(worst, ExitCode.of(p.status()));
      }
      return worst.code();
    }
  }

  /**
   * A product that reads the previewed one: the columns of it its latest run read (empty when none is recorded), and
   * of those, the ones this change touches (values changed in matched rows, or the column's type or name changed).
   */
  record Consumer(ProductId product, List<String> reads, List<String> touched) {}

  /** The declared readers of a previewed product, with what the catalog's column lineage says each reads of it. */
  private List<Consumer> consumers(Mesh mesh, ProductGraph graph, ProductDiff.Preview p) {
    ProductId id = p.product().id();
    if (p.rows() == null || graph.downstreamOf(id).isEmpty()) {
      return List.of();
    }
    if (lineage == null) {
      lineage = CatalogCommand.queries(mesh).graph();
    }
    java.util.Set<String> touched = new java.util.HashSet<>(p.rows().changedColumns().keySet());
    p.schema().forEach(c -> touched.add(c.column()));
    List<Consumer> out = new ArrayList<>();
    for (ProductId reader : graph.downstreamOf(id)) {
      List<String> reads = lineage.columnsRead(reader.toString(), id.toString());
      out.add(new Consumer(reader, reads, reads.stream().filter(touched::contains).toList()));
    }
    return out;
  }

  private CatalogQueries.Graph lineage;

  static void printText(PrintStream out, ProductDiff.Preview p, List<Consumer> consumers) {
    String head = p.product().id() + " " + p.logicalDate() + ": ";
    TableDiff.Result d = p.rows();
    if (d == null) {
      out.println(head + "would not publish (" + p.status().label() + ")");
      out.print(TablePrinter.indented(p.error(), "  "));
      out.println();
      return;
    }
    String verdict = p.wouldPublish() ? "would publish" : "would not publish (" + p.status().label() + ")";
    String what = (d.identical() ? "no row changes" : changeCounts(d)) + (p.schema().isEmpty() ? "" : ", columns changed");
    out.println(head + verdict + ", " + what);
    out.println("  replaces   " + p.replaces());
    out.println("  rows       " + Plural.count(d.before(), "row") + " replaced by " + d.after() + ": " + changeCounts(d)
        + ", " + d.unchanged() + " unchanged");
    if (!d.key().isEmpty()) {
      out.println("  matched on " + String.join(", ", d.key()));
    } else {
      out.println("  matched on whole rows" + (d.keyNotUsed() == null ? " (no merge keys or unique rule)" : ": " + d.keyNotUsed()));
    }
    if (!d.changedColumns().isEmpty()) {
      List<String> cols = new ArrayList<>();
      d.changedColumns().forEach((c, n) -> cols.add(c + " in " + Plural.count(n, "row")));
      out.println("  changed    " + String.join(", ", cols));
    }
    for (int i = 0; i < consumers.size(); i++) {
      Consumer c = consumers.get(i);
      String reads = c.reads().isEmpty()
          ? "no column lineage recorded (it has not run since reading " + p.product().id() + ")"
          : "reads " + String.join(", ", c.reads())
              + (c.touched().isEmpty() ? "" : " (changed here: " + String.join(", ", c.touched()) + ")");
      out.println((i == 0 ? "  read by    " : "             ") + c.product() + ": " + reads);
    }
    out.println("  schema     " + (p.schema().isEmpty() ? "unchanged" : String.join("; ", p.schema().stream().map(SchemaChange::toString).toList())));
    if (p.quality() != null) {
      out.println("  quality    " + (p.quality().outcomes().isEmpty() ? "no rules" : p.quality().summary())
          + (p.quarantined() > 0 ? "; " + Plural.count(p.quarantined(), "row") + " would be quarantined" : ""));
      String failures = QualityReports.describeFailures(p.quality());
      out.print(TablePrinter.indented(failures, "  "));
    }
    for (TableDiff.Change change : TableDiff.Change.values()) {
      List<TableDiff.Sample> samples = d.samples(change);
      if (samples.isEmpty()) {
        continue;
      }
      long all = switch (change) {
        case ADDED -> d.added();
        case REMOVED -> d.removed();
        case CHANGED -> d.changed();
      };
      out.println();
      out.println("  " + change.label() + " (" + (samples.size() < all ? samples.size() + " of " + all : "all " + all)
          + (d.key().isEmpty() ? "" : ", by " + String.join(", ", d.key())) + "):");
      out.print(TablePrinter.indented(sampleTable(d, change, samples), "    "));
    }
    out.println();
  }

  private static String changeCounts(TableDiff.Result d) {
    List<String> parts = new ArrayList<>();
    parts.add(d.added() + " added");
    parts.add(d.removed() + " removed");
    if (!d.key().isEmpty()) {
      parts.add(d.changed() + " changed");
    }
    return String.join(", ", parts);
  }

  /**
   * A sample as a table. Changed rows show the key and the columns that changed, a line before and a line after;
   * added and removed rows show every column.
   */
  private static String sampleTable(TableDiff.Result d, TableDiff.Change change, List<TableDiff.Sample> samples) {
    List<String> shown = new ArrayList<>(d.columns());
    if (change == TableDiff.Change.CHANGED) {
      shown = new ArrayList<>(d.key());
      shown.addAll(d.changedColumns().keySet());
    }
    List<Integer> at = shown.stream().map(c -> d.columns().indexOf(c)).toList();
    List<String> header = new ArrayList<>();
    if (change == TableDiff.Change.CHANGED) {
      header.add("");
    }
    header.addAll(shown);
    List<List<String>> table = new ArrayList<>();
    for (TableDiff.Sample s : samples) {
      if (change == TableDiff.Change.CHANGED) {
        table.add(row("before", s.before(), at));
        table.add(row("after", s.after(), at));
      } else {
        table.add(row(null, change == TableDiff.Change.ADDED ? s.after() : s.before(), at));
      }
    }
    return TablePrinter.aligned(header, table);
  }

  private static List<String> row(String label, List<String> values, List<Integer> at) {
    List<String> r = new ArrayList<>();
    if (label != null) {
      r.add(label);
    }
    at.forEach(i -> r.add(values.get(i)));
    return r;
  }

  private static void printJson(List<ProductDiff.Preview> previews, List<List<Consumer>> consumers, LocalDate date) {
    ObjectNode root = DescriptorJson.mapper().createObjectNode();
    root.put("date", date.toString());
    root.put("ok", previews.stream().allMatch(ProductDiff.Preview::wouldPublish));
    ArrayNode products = root.putArray("products");
    for (int i = 0; i < previews.size(); i++) {
      ProductDiff.Preview p = previews.get(i);
      ObjectNode o = products.addObject().put("product", p.product().id().toString());
      o.put("would_publish", p.wouldPublish());
      o.put("status", p.wouldPublish() ? "would-publish" : p.status().label());
      o.put("error", p.error());
      o.put("replaces", p.replaces());
      if (p.quality() != null) {
        ObjectNode q = o.putObject("quality").put("summary", p.quality().summary());
        ArrayNode failed = q.putArray("failed");
        p.quality().failures().forEach(f -> failed.add(f.rule()));
      }
      o.put("quarantined", p.quarantined());
      ArrayNode schema = o.putArray("schema_changes");
      for (SchemaChange c : p.schema()) {
        schema.addObject().put("column", c.column()).put("kind", c.kind().name().toLowerCase(Locale.ROOT))
            .put("detail", c.detail()).put("breaking", c.breaking());
      }
      TableDiff.Result d = p.rows();
      if (d == null) {
        continue;
      }
      d.key().forEach(o.putArray("key")::add);
      o.put("key_not_used", d.keyNotUsed());
      o.putObject("rows").put("before", d.before()).put("after", d.after()).put("added", d.added())
          .put("removed", d.removed()).put("changed", d.changed()).put("unchanged", d.unchanged());
      ObjectNode cols = o.putObject("changed_columns");
      d.changedColumns().forEach(cols::put);
      ArrayNode readers = o.putArray("consumers");
      for (Consumer c : consumers.get(i)) {
        ObjectNode r = readers.addObject().put("product", c.product().toString());
        c.reads().forEach(r.putArray("reads")::add);
        c.touched().forEach(r.putArray("changed_columns_read")::add);
      }
      ArrayNode samples = o.putArray("samples");
      for (TableDiff.Sample s : d.samples()) {
        ObjectNode so = samples.addObject().put("change", s.change().label());
        if (s.before() != null) {
          values(so.putObject("before"), d.columns(), s.before());
        }
        if (s.after() != null) {
          values(so.putObject("after"), d.columns(), s.after());
        }
      }
    }
    try {
      System.out.println(DescriptorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void values(ObjectNode out, List<String> columns, List<String> values) {
    for (int i = 0; i < columns.size(); i++) {
      out.put(columns.get(i), values.get(i));
    }
  }
}
