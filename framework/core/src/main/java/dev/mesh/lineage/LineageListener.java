package dev.mesh.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.errors.MeshErrors;
import dev.mesh.lineage.OpenLineageEvents.DatasetRef;
import dev.mesh.lineage.OpenLineageEvents.InputRef;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.MeshContext;
import dev.mesh.governance.OutputPorts;
import dev.mesh.runtime.ResolvedInput;
import dev.mesh.runtime.RunListener;
import dev.mesh.runtime.RunResult;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Records each run's lineage: the {@code mesh.lineage} rows (committed by the runner with the run's own records) and
 * the OpenLineage START and COMPLETE/FAIL events. Nothing here fails a run: a problem (catalog, transport, plan) is reported to the
 * {@code reporter} (stderr in the CLI) and kept in {@link #problems()} for the run's summary.
 */
public final class LineageListener implements RunListener {
  private final MeshContext ctx;
  private final LineageTransport transport;
  private final OpenLineageEvents events;
  private final Consumer<String> reporter;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Map<ProductId, String> locations = new ConcurrentHashMap<>();
  /** Column lineage derived in {@link #catalogRows}, until the run's event is sent in {@link #onFinish}. */
  private final Map<String, List<ColumnLineage>> columnsOfRun = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger runsSeen = new java.util.concurrent.atomic.AtomicInteger();

  public LineageListener(MeshContext ctx, LineageTransport transport, Consumer<String> reporter) {
    this.ctx = ctx;
    this.transport = transport;
    this.reporter = reporter;
    this.events = new OpenLineageEvents(ctx.config().platform().lineage().namespace(), ctx.spark().version());
  }

  /** {@code ctx} with lineage recorded for every run, events sent as mesh.conf's {@code mesh.lineage} says. */
  public static MeshContext install(MeshContext ctx, Consumer<String> reporter) {
    return ctx.withListener(new LineageListener(ctx, LineageTransport.of(ctx.config().platform().lineage()), reporter));
  }

  /** What went wrong while recording lineage, one line per problem, in order. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void onStart(RunStarted e) {
    try {
      started(e);
    } catch (RuntimeException | LinkageError x) {
      String message = "lineage: run " + e.runId() + " of " + e.product().id() + ": " + MeshErrors.rootMessage(x);
      problems.add(message);
      reporter.accept(message);
    }
  }

  /** How many runs have finished under this listener. */
  public int runsSeen() {
    return runsSeen.get();
  }

  /**
   * The run's {@code mesh.lineage} rows (one per input, one per column dependency), committed by the runner with the
   * run's own records. The column lineage is kept for the run's OpenLineage event in {@link #onFinish}.
   */
  @Override
  public List<CatalogRows> catalogRows(RunFinished f) {
    RunResult r = f.result();
    try {
      List<ColumnLineage> columns = columns(f);
      columnsOfRun.put(r.runId(), columns);
      if (f.inputs().isEmpty()) {
        return List.of();
      }
      return List.of(new CatalogRows(CatalogTable.LINEAGE, rows(r, f.inputs(), columns), message -> report(r, message)));
    } catch (RuntimeException | LinkageError x) {
      report(r, MeshErrors.rootMessage(x));
      return List.of();
    }
  }

  private List<ColumnLineage> columns(RunFinished f) {
    List<PlanLineage.Input> planInputs = new ArrayList<>();
    for (ResolvedInput in : f.inputs()) {
      planInputs.add(PlanLineage.Input.of(in.alias(), in.data()));
    }
    if (f.output() == null || planInputs.isEmpty()) {
      return List.of();
    }
    try {
      return PlanLineage.of(f.output(), planInputs);
    } catch (RuntimeException | LinkageError e) {
      report(f.result(), "could not derive column lineage from the plan: " + MeshErrors.rootMessage(e));
      return List.of();
    }
  }

  @Override
  public void onFinish(RunFinished f) {
    runsSeen.incrementAndGet();
    try {
      finished(f);
    } catch (RuntimeException | LinkageError x) {
      report(f.result(), MeshErrors.rootMessage(x));
    }
  }

  private void started(RunStarted e) {
    ProductDescriptor p = e.product();
    List<InputRef> inputs = new ArrayList<>();
    for (InputSpec in : p.inputs()) {
      inputs.add(new InputRef(in.alias(), dataset(in, p), null, null));
    }
    send(e.runId(), p.id(), events.start(e.runId(), p, e.logicalDate(), e.at(), inputs, outputDataset(p)));
  }

  private void finished(RunFinished f) {
    ProductDescriptor p = f.start().product();
    RunResult r = f.result();
    List<InputRef> inputs = new ArrayList<>();
    if (f.inputs().isEmpty()) {
      for (InputSpec in : p.inputs()) {
        inputs.add(new InputRef(in.alias(), dataset(in, p), null, null));
      }
    }
    for (ResolvedInput in : f.inputs()) {
      InputSpec spec = p.input(in.alias()).orElse(null);
      // Named by the table actually read: the upstream's port, or its clear table within its own domain.
      DatasetRef read = in.table() != null ? tableDataset(in.table(), in.product()) : spec == null ? null : dataset(spec, p);
      inputs.add(new InputRef(in.alias(), read, in.version(), in.data().schema()));
    }
    List<ColumnLineage> columns = columnsOfRun.getOrDefault(r.runId(), List.of());
    columnsOfRun.remove(r.runId());
    ObjectNode event =
        events.finish(
            r.runId(), p, r.logicalDate(), r.endedAt(), r.succeeded(), r.error(), inputs, outputDataset(p), portDataset(p),
            r.tableVersion(), r.rowsWritten(), columns, r.quality(), r.warnings());
    send(r.runId(), p.id(), event);
    if (r.quality() != null && !r.quality().outcomes().isEmpty()) {
      for (ObjectNode check :
          events.qualityCheck(
              r.runId(), p, r.logicalDate(), r.endedAt(), outputDataset(p), r.tableVersion(),
              r.succeeded() ? r.rowsWritten() : null, r.quality())) {
        send(r.runId(), p.id(), check);
      }
    }
  }

  /** The {@code mesh.lineage} rows of a run: one per input, then one per column dependency. */
  static List<Row> rows(RunResult r, List<ResolvedInput> inputs, List<ColumnLineage> columns) {
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(r.endedAt());
    Date date = r.logicalDate() == null ? null : Date.valueOf(r.logicalDate());
    Map<String, ResolvedInput> byAlias = new java.util.HashMap<>();
    for (ResolvedInput in : inputs) {
      byAlias.put(in.alias(), in);
      rows.add(
          RowFactory.create(
              r.runId(), r.product().toString(), date, r.status().label(), "table", inputName(in), in.alias(),
              in.version(), r.tableVersion(), null, null, null, null, now, in.table() == null ? null : in.table().toString()));
    }
    for (ColumnLineage c : columns) {
      ResolvedInput in = byAlias.get(c.inputAlias());
      rows.add(
          RowFactory.create(
              r.runId(), r.product().toString(), date, r.status().label(), "column", in == null ? null : inputName(in),
              c.inputAlias(), in == null ? null : in.version(), r.tableVersion(), c.outputColumn(), c.inputColumn(),
              c.kind().label(), c.subtype(), now, in == null || in.table() == null ? null : in.table().toString()));
    }
    return rows;
  }

  /** How an input is named in {@code mesh.lineage.input}: the product id, or {@code source:<type>}. */
  public static String inputName(ResolvedInput in) {
    return in.product() != null ? in.product().toString() : "source:" + in.source();
  }

  private void send(String runId, ProductId product, ObjectNode event) {
    try {
      transport.send(OpenLineageEvents.mapper().writeValueAsString(event));
    } catch (Exception e) {
      String message =
          "lineage: could not send the " + event.path("eventType").asText() + " event of run " + runId + " of " + product
              + " (" + transport.describe() + "): " + MeshErrors.rootMessage(e)
              + ". The run is not affected; check mesh.lineage in conf/mesh.conf (transport = off disables events).";
      problems.add(message);
      reporter.accept(message);
    }
  }

  private void report(RunResult r, String what) {
    String message = "lineage: run " + r.runId() + " of " + r.product() + ": " + what;
    problems.add(message);
    reporter.accept(message);
  }

  private DatasetRef dataset(InputSpec in, ProductDescriptor reader) {
    if (in instanceof InputSpec.ProductInput p) {
      ProductDescriptor upstream = ctx.config().product(p.product().toString());
      return tableDataset(OutputPorts.readBy(upstream, reader.id().domain()).orElse(p.product()), p.product());
    }
    InputSpec.SourceInput s = (InputSpec.SourceInput) in;
    String path = s.options().get("path");
    if (path != null) {
      return DatasetRef.ofLocation(path, null);
    }
    return new DatasetRef("mesh-source:" + s.type(), s.options().getOrDefault("table", s.alias()), null);
  }

  /** Where a run writes first: the product's clear table (its only table when it has no separate port). */
  DatasetRef outputDataset(ProductDescriptor p) {
    return tableDataset(OutputPorts.of(p).internal(), p.id());
  }

  /** The product's output port when it is a table of its own; null otherwise. */
  private DatasetRef portDataset(ProductDescriptor p) {
    OutputPorts.Tables t = OutputPorts.of(p);
    return t.separate() ? tableDataset(t.port().get(), p.id()) : null;
  }

  /**
   * A table of {@code product} (its port or its clear table), named by its location (Iceberg tables not yet created
   * get their expected one), with the product id as its symlink.
   */
  DatasetRef tableDataset(ProductId table, ProductId product) {
    String location = locations.get(table);
    if (location == null) {
      var format = ctx.config().product(product.toString()).output().format();
      try {
        location = ctx.tables().forFormat(format).location(table);
        locations.put(table, location);
      } catch (RuntimeException e) {
        location = ctx.config().platform().warehouse() + "/" + format.label() + "/" + table.domain() + "/" + table.name();
      }
    }
    return DatasetRef.ofLocation(location, product);
  }
}
