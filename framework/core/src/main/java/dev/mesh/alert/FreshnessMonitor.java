package dev.mesh.alert;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.render.Durations;
import dev.mesh.runtime.Freshness;
import dev.mesh.runtime.MeshContext;
import dev.mesh.storage.TableStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code mesh monitor}: checks every product against its freshness SLA (time since its last successful run, from
 * {@code mesh.runs}) and every declared input freshness (the newest value of the column in the input product's current
 * version, against the end of yesterday's logical date, as a run today would check it), without running anything.
 * Breaches are alerts of kind {@code late} and {@code input-late}; an open breach that has recovered is resolved.
 */
public final class FreshnessMonitor {
  private final MeshContext ctx;
  private final Alerting alerting;

  /** One product's standing. */
  public record Check(String product, String what, String status, String detail) {}

  /** What the monitor found and what it sent. */
  public record Report(List<Check> checks, List<Alert> breaches, List<Alerting.Delivery> deliveries) {}

  /** @param alerting where breaches go; null to check only (alerts turned off) */
  public FreshnessMonitor(MeshContext ctx, Alerting alerting) {
    this.ctx = ctx;
    this.alerting = alerting;
  }

  public Report check() {
    Instant now = ctx.clock().instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, Instant> lastSuccess = new HashMap<>();
    for (Row r :
        ctx.catalog().read(CatalogTable.RUNS).where("status = 'succeeded'").groupBy("product")
            .agg(functions.max("ended_at")).collectAsList()) {
      lastSuccess.put(r.getString(0), ((Timestamp) r.get(1)).toInstant());
    }
    List<Check> checks = new ArrayList<>();
    List<Alert> breaches = new ArrayList<>();
    for (ProductDescriptor d : ctx.config().all()) {
      String id = d.id().toString();
      FreshnessSpec f = d.sla().freshness();
      if (f.maxAge() != null) {
        Instant last = lastSuccess.get(id);
        Freshness.Status s = Freshness.of(f.maxAge(), last, now);
        String detail =
            last == null ? "never succeeded" : "last success " + last + " (" + Durations.declared(Duration.between(last, now).withNanos(0)) + " ago), SLA " + Durations.declared(f.maxAge());
        checks.add(new Check(id, "freshness", s.label(), detail));
        if (s == Freshness.Status.LATE) {
          double hours = Duration.between(last, now).toMinutes() / 60.0;
          breaches.add(
              Alert.of(d, "late", "error", null, today.minusDays(1),
                  id + " is late: its last successful run ended " + last + ", " + Durations.declared(Duration.between(last, now).withNanos(0))
                      + " ago; sla.freshness is " + Durations.declared(f.maxAge()),
                  "sla.freshness", Math.round(hours * 100) / 100.0, "<= " + Durations.declared(f.maxAge()) + " (hours since the last success)",
                  "mesh status  |  mesh run " + id + " --date " + today.minusDays(1),
                  currentVersion(d), null, false));
        }
      }
      for (FreshnessSpec.InputFreshness in : f.inputs()) {
        checkInput(d, in, today, checks, breaches);
      }
    }
    List<Alerting.Delivery> deliveries =
        alerting == null
            ? List.of()
            : alerting.evaluate(breaches, key -> Alert.kindOf(key).equals("late") || Alert.kindOf(key).equals("input-late"));
    return new Report(checks, breaches, deliveries);
  }

  private void checkInput(
      ProductDescriptor d, FreshnessSpec.InputFreshness in, LocalDate today, List<Check> checks, List<Alert> breaches) {
    String id = d.id().toString();
    InputSpec spec = d.inputs().stream().filter(i -> i.alias().equals(in.alias())).findFirst().orElse(null);
    if (!(spec instanceof InputSpec.ProductInput p)) {
      // A source is read only by a run: its freshness is checked there.
      checks.add(new Check(id, "input " + in.alias(), "not checked", "a source input is checked when the product runs"));
      return;
    }
    ProductDescriptor up = ctx.config().find(p.product()).orElse(null);
    if (up == null) {
      return;
    }
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
              "mesh status  |  mesh run " + p.product() + " --date " + today.minusDays(1), currentVersion(up), null, false));
    }
  }

  private Long currentVersion(ProductDescriptor d) {
    try {
      return ctx.tables().forFormat(d.output().format()).currentVersion(OutputPorts.of(d).internal()).orElse(null);
    } catch (Exception e) {
      // Also the checked IOExceptions Delta's Scala code throws undeclared (a store that is down): version unknown.
      return null;
    }
  }
}
