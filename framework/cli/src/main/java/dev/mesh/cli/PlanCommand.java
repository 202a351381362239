package dev.mesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.catalog.Holds;
import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.render.Plural;
import dev.mesh.runner.RunCommand;
import dev.mesh.runner.SelectionOptions;
import dev.mesh.runtime.RunPlan;
import dev.mesh.runtime.RunPlanner;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mesh plan [selection] [--date D] [--format text|json]}: the order products would run in, by levels that
 * can run in parallel (no Spark); with {@code --date}, each product's {@link RunPlan} — governance verdict, inputs
 * pinned at their current versions, transform, rules, target — built exactly as a run builds it, nothing run.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print the run order of a selection by parallel levels (nothing runs, no Spark).",
      "With --date: each product's run plan (governance verdict, inputs and the versions they would be read at, "
          + "transform, rules, target table), as a run would build it."
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin SelectionOptions selection = new SelectionOptions();

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Build each product's run plan for this logical date")
  String date;

  @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: text)")
  String format = "text";

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw MeshErrors.usage("--format must be text or json, got '" + format + "'.");
    }
    try (Mesh mesh = Mesh.open()) {
      ProductGraph graph = mesh.graph();
      // The same selection rules as mesh run: nothing named is an error, --all is everything.
      SortedSet<ProductId> selected = selection.resolve(graph, mesh.config());
      if (selected.isEmpty()) {
        // What changed selected nothing: a JSON reader still gets its document.
        System.out.println(format.equals("json") && date != null
            ? PlanJson.write(List.of(), RunCommand.parse("--date", date)) : selection.nothingChanged());
        return 0;
      }
      List<List<ProductId>> levels = graph.levels(selected);
      if (date == null) {
        if (format.equals("json")) {
          throw MeshErrors.usage("--format json prints run plans: give --date YYYY-MM-DD.");
        }
        printLevels(graph, selected, levels);
        return 0;
      }
      LocalDate logicalDate = RunCommand.parse("--date", date);
      // What mesh run would pass by (mesh hold), from the same rows it reads.
      Set<String> ids = new HashSet<>();
      selected.forEach(id -> ids.add(id.toString()));
      Map<String, Holds.Hold> held = Holds.read(mesh.catalogReader(), ids);
      RunPlanner planner = new RunPlanner(mesh.context());
      List<Planned> plans = new ArrayList<>();
      Set<ProductId> before = new HashSet<>();
      for (List<ProductId> level : levels) {
        for (ProductId id : level) {
          ProductDescriptor d = graph.descriptor(id);
          if (held.containsKey(id.toString())) {
            plans.add(new Planned(id, null, held.get(id.toString()).notRun()));
            continue;
          }
          try {
            plans.add(new Planned(id, planner.plan(d, logicalDate, before), null));
          } catch (MeshException e) {
            plans.add(new Planned(id, null, e.getMessage()));
          }
        }
        before.addAll(level);
      }
      if (format.equals("json")) {
        System.out.println(PlanJson.write(plans, logicalDate));
      } else {
        plans.forEach(p -> printPlan(System.out, p));
        long blocked = plans.stream().filter(p -> p.plan() == null).count();
        System.out.println(
            plans.size() + (plans.size() == 1 ? " product" : " products") + " planned for " + logicalDate
                + (blocked == 0 ? "." : "; " + blocked + " would not run."));
      }
      return 0;
    }
  }

  /** One product's plan, or why it would not run. */
  record Planned(ProductId id, RunPlan plan, String wouldNotRun) {}

  private static void printLevels(ProductGraph graph, SortedSet<ProductId> selected, List<List<ProductId>> levels) {
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
  }

  private static void printPlan(PrintStream out, Planned p) {
    out.println(p.id());
    if (p.plan() == null) {
      out.println("  would not run: " + p.wouldNotRun().replace("\n", "\n    "));
      out.println();
      return;
    }
    RunPlan plan = p.plan();
    out.println("  governance  " + (plan.warnings().isEmpty() ? "ok" : Plural.count(plan.warnings().size(), "warning")));
    plan.warnings().forEach(w -> out.println("              - " + w));
    for (RunPlan.Input in : plan.inputs()) {
      String what =
          in.isSource()
              ? "source " + in.table() + (in.options().isEmpty() ? "" : " " + new java.util.TreeMap<>(in.options()))
              : in.product() + (in.stored().equals(in.product()) ? "" : " (reads " + in.stored() + ")")
                  + (in.pending() ? " (produced earlier in this run: pinned when its turn comes)" : " at version " + in.version());
      out.printf("  input       %-12s %s%n", in.alias(), what);
    }
    out.println("  transform   " + plan.transform().kind() + " " + plan.transform().source());
    for (var r : plan.rules()) {
      out.printf("  rule        %-34s %s%n", r.name(), dev.mesh.render.RuleText.of(r));
    }
    plan.referenced().forEach((id, v) -> out.println("  reference   " + id + " at version " + v));
    RunPlan.Target t = plan.target();
    out.println(
        "  target      " + t.name() + " (" + t.format().label() + ", " + t.mode().label() + "), "
            + (t.currentVersion() == null ? "never published" : "current version " + t.currentVersion()));
    if (t.port() != null) {
      out.println("  port        " + t.port() + " (written after the target, PII handled: what other domains read)");
    }
    if (t.quarantine() != null) {
      out.println("  quarantine  " + t.quarantine());
    }
    out.println();
  }

  /** The JSON form of plans: field names written here, once. */
  static final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String write(List<Planned> plans, LocalDate date) {
      ObjectNode root = MAPPER.createObjectNode();
      root.put("logical_date", date.toString());
      ArrayNode arr = root.putArray("plans");
      for (Planned p : plans) {
        ObjectNode n = arr.addObject();
        n.put("product", p.id().toString());
        if (p.plan() == null) {
          n.put("runs", false);
          n.put("reason", p.wouldNotRun());
          continue;
        }
        RunPlan plan = p.plan();
        n.put("runs", true);
        ArrayNode warnings = n.putArray("warnings");
        plan.warnings().forEach(w -> warnings.add(w.toString()));
        ArrayNode inputs = n.putArray("inputs");
        for (RunPlan.Input in : plan.inputs()) {
          ObjectNode i = inputs.addObject();
          i.put("alias", in.alias());
          if (in.isSource()) {
            i.put("source", in.table());
            ObjectNode o = i.putObject("options");
            new java.util.TreeMap<>(in.options()).forEach(o::put);
          } else {
            i.put("product", in.product().toString());
            i.put("table", in.table());
            if (in.version() != null) {
              i.put("version", in.version());
            } else {
              i.putNull("version");
            }
            i.put("pending", in.pending());
          }
        }
        ObjectNode tr = n.putObject("transform");
        tr.put("kind", plan.transform().kind());
        tr.put("source", plan.transform().source());
        ArrayNode rules = n.putArray("rules");
        for (var r : plan.rules()) {
          ObjectNode o = rules.addObject();
          o.put("name", r.name());
          o.put("kind", r.kind());
          o.put("severity", r.severity().label());
          o.put("definition", dev.mesh.render.RuleText.definition(r));
        }
        ObjectNode refs = n.putObject("referenced_versions");
        plan.referenced().forEach((id, v) -> refs.put(id.toString(), v));
        RunPlan.Target t = plan.target();
        ObjectNode target = n.putObject("target");
        target.put("table", t.name());
        target.put("format", t.format().label());
        target.put("mode", t.mode().label());
        if (t.currentVersion() != null) {
          target.put("current_version", t.currentVersion());
        } else {
          target.putNull("current_version");
        }
        if (t.port() != null) {
          target.put("port", t.port().toString());
        }
        if (t.quarantine() != null) {
          target.put("quarantine", t.quarantine().toString());
        }
      }
      try {
        return MAPPER.writeValueAsString(root);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
