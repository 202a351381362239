package dev.mesh.alert;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.Holds;
import dev.mesh.config.MeshConfig;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.render.Durations;
import dev.mesh.runtime.Freshness;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.RunListener;
import dev.mesh.storage.TableStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code mesh monitor}: checks every product against its freshness SLA (time since its last successful run, from
 * {@code mesh.runs}) and every declared input freshness (the newest value of the column in the input product's current
 * version, against the end of yesterday's logical date, as a run today would check it), without running anything.
 * Breaches are alerts of kind {@code late} and {@code input-late}; an open breach that has recovered is resolved.
 *
 * <p>A held product ({@code mesh hold}) is listed with its hold, and its {@code held} and {@code input-held} alerts fire
 * again: a hold nobody released is sent again after the re-notify interval, and one whose release was not alerted (its
 * process could not) is resolved. A hold is no breach: it does not fail {@code --fail-on-breach}.
 *
 * <p>The freshness SLAs are answered from the catalog tables through a {@link CatalogReader} (no Spark session on the
 * embedded default or a catalog service); the Spark session, through {@code context}, is started only to read an
 * input's newest value or, by the alerting, to record an event: a monitor that finds every product as it was starts
 * none.
 */
public final class FreshnessMonitor {
  /** The kinds the monitor decides: an open one it does not find firing is resolved. */
  private static final java.util.Set<String> SCOPE = java.util.Set.of("late", "input-late", "held", "input-held");

  private final MeshConfig config;
  private final CatalogReader catalog;
  private final Clock clock;
  private final Supplier<MeshContext> context;
  private final Alerting alerting;

  /** One product's standing. */
  public record Check(String product, String what, String status, String detail) {}

  /**
   * What the monitor found and what it sent.
   *
   * @param breaches the freshness alerts firing
   * @param holds the alerts of the holds in force (no breach)
   */
  public record Report(List<Check> checks, List<Alert> breaches, List<Alert> holds, List<Alerting.Delivery> deliveries) {}

  /**
   * @param catalog where the runs are read from
   * @param context the run context (and its Spark session), asked for only to read an input's newest value
   * @param alerting where breaches go; null to check only (alerts turned off)
   */
  public FreshnessMonitor(MeshConfig config, CatalogReader catalog, Clock clock, Supplier<MeshContext> context, Alerting alerting) {
    this.config = config;
    this.catalog = catalog;
    this.clock = clock;
    this.context = context;
    this.alerting = alerting;
  }

  /** "; it is held since … (hold-…): reason (mesh release <id>)" for a held product, else nothing. */
  private static String held(Map<String, CatalogQueries.RunSummary> runs, String id) {
    CatalogQueries.RunSummary s = runs.get(id);
    return s == null || s.hold() == null ? "" : "; it is " + s.hold().describe() + " (mesh release " + id + ")";
  }

  public Report check() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, CatalogQueries.RunSummary> runs = new CatalogQueries(catalog, config).runSummaries();
    List<Check> checks = new ArrayList<>();
    List<Alert> breaches = new ArrayList<>();
    List<Alert> holds = new ArrayList<>();
    ProductGraph graph = null;
    for (ProductDescriptor d : config.all()) {
      String id = d.id().toString();
      Holds.Hold hold = runs.get(id) == null ? null : runs.get(id).hold();
      if (hold != null) {
        checks.add(new Check(id, "hold", "held", hold.detail()));
        graph = graph == null ? ProductGraph.of(config.all()) : graph;
        // The readers that run on its frozen rows: a reader held itself runs on nothing.
        List<ProductDescriptor> readers = graph.downstreamOf(d.id()).stream()
            .filter(r -> runs.get(r.toString()) == null || runs.get(r.toString()).hold() == null).map(graph::descriptor).toList();
        holds.addAll(RunAlerts.hold(new RunListener.HoldChanged(d, hold, null, null, readers, tableVersion(lastSuccess(runs, id)))));
      }
      FreshnessSpec f = d.sla().freshness();
      if (f.maxAge() != null) {
        CatalogRow success = lastSuccess(runs, id);
        Instant last = success == null ? null : success.instant("ended_at");
        Freshness.Status s = Freshness.of(f.maxAge(), last, now);
        String detail =
            last == null ? "never succeeded" : "last success " + last + " (" + Durations.declared(Duration.between(last, now).withNanos(0)) + " ago), SLA " + Durations.declared(f.maxAge());
        checks.add(new Check(id, "freshness", s.label(), detail));
        if (s == Freshness.Status.LATE) {
          double hours = Duration.between(last, now).toMinutes() / 60.0;
          breaches.add(
              Alert.of(d, "late", "error", null, today.minusDays(1),
                  id + " is late: its last successful run ended " + last + ", " + Durations.declared(Duration.between(last, now).withNanos(0))
                      + " ago; sla.freshness is " + Durations.declared(f.maxAge()) + held(runs, id),
                  "sla.freshness", Math.round(hours * 100) / 100.0, "<= " + Durations.declared(f.maxAge()) + " (hours since the last success)",
                  "mesh status  |  mesh run " + id + " --date " + today.minusDays(1),
                  tableVersion(success), null, false));
        }
      }
      for (FreshnessSpec.InputFreshness in : f.inputs()) {
        checkInput(d, in, today, runs, checks, breaches);
      }
    }
    List<Alert> firing = new ArrayList<>(breaches);
    firing.addAll(holds);
    // Only this deployment's products: another deployment on the same catalog settles its own.
    java.util.Set<String> declared = new java.util.HashSet<>();
    config.all().forEach(d -> declared.add(d.id().toString()));
    List<Alerting.Delivery> deliveries =
        alerting == null
            ? List.of()
            : alerting.evaluate(firing, key -> SCOPE.contains(Alert.kindOf(key)) && declared.contains(Alert.productOf(key)));
    return new Report(checks, breaches, holds, deliveries);
  }

  /** The product's last successful run (the version it published is the one readers see), or null. */
  private static CatalogRow lastSuccess(Map<String, CatalogQueries.RunSummary> runs, String id) {
    CatalogQueries.RunSummary r = runs.get(id);
    return r == null ? null : r.lastSuccess();
  }

  private void checkInput(
      ProductDescriptor d, FreshnessSpec.InputFreshness in, LocalDate today, Map<String, CatalogQueries.RunSummary> runs,
      List<Check> checks, List<Alert> breaches) {
    String id = d.id().toString();
    InputSpec spec = d.inputs().stream().filter(i -> i.alias().equals(in.alias())).findFirst().orElse(null);
    if (!(spec instanceof InputSpec.ProductInput p)) {
      // A source is read only by a run: its freshness is checked there.
      checks.add(new Check(id, "input " + in.alias(), "not checked", "a source input is checked when the product runs"));
      return;
    }
    ProductDescriptor up = config.find(p.product()).orElse(null);
    if (up == null) {
      return;
    }
    MeshContext ctx = context.get();
    TableStore store = ctx.tables().forFormat(up.output().format());
    ProductId table = OutputPorts.of(up).internal();
    Instant reference = today.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant newest = null;
    if (store.exists(table)) {
      Row r = store.readCurrent(ctx.spark(), table).agg(functions.max(functions.col(in.column()))).first();
      newest = r.isNullAt(0) ? null : Freshness.toInstant(r.get(0));
    }
    boolean late = newest == null || newest.isBefore(reference.minus(in.maxAge()));
    String detail =
        "newest " + in.column() + " of " + p.product() + " is " + (newest == null ? "missing" : newest.toString())
            + "; sla.input-freshness." + in.alias() + " asks for " + Durations.declared(in.maxAge()) + " before " + reference;
    checks.add(new Check(id, "input " + in.alias(), late ? "late" : "ok", detail));
    if (late) {
      double hours = newest == null ? Double.NaN : Duration.between(newest, reference).toMinutes() / 60.0;
      breaches.add(
          Alert.of(d, "input-late", "warn", in.alias(), today.minusDays(1),
              "input '" + in.alias() + "' of " + id + " is late: " + detail, "sla.input-freshness." + in.alias(),
              Double.isNaN(hours) ? null : Math.round(hours * 100) / 100.0,
              "<= " + Durations.declared(in.maxAge()) + " (hours from the newest " + in.column() + " to the end of " + today.minusDays(1) + ")",
              "mesh status  |  mesh run " + p.product() + " --date " + today.minusDays(1), tableVersion(lastSuccess(runs, up.id().toString())),
              null, false));
    }
  }

  private static Long tableVersion(CatalogRow run) {
    return run == null ? null : run.longValue("table_version");
  }
}
