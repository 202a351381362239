package dev.mesh.runner;

import dev.mesh.alert.Alert;
import dev.mesh.alert.Alerting;
import dev.mesh.alert.FreshnessMonitor;
import dev.mesh.core.Mesh;
import dev.mesh.render.Plural;
import dev.mesh.render.TablePrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh monitor}: freshness SLAs checked without a run; new breaches alerted, recovered ones resolved. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Check every product's freshness (sla.freshness) and input freshness (sla.input-freshness) and alert on new breaches.",
      "A held product (mesh hold) is listed, and its alerts (held, input-held) sent again after mesh.alerts.renotify-after; "
          + "a hold is no breach.",
      "One shot, for cron, Airflow (mesh dag writes a monitor DAG) or a Kubernetes CronJob. An open breach is alerted once, "
          + "again after mesh.alerts.renotify-after, and resolved when it recovers; everything is recorded in mesh.alerts.",
      "Exit code 0 unless --fail-on-breach and something is late."
    })
public final class MonitorCommand implements Callable<Integer> {
  @Option(names = "--fail-on-breach", description = "Exit with code 1 when a product or an input is late")
  boolean failOnBreach;

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      boolean enabled = mesh.config().platform().alerts().enabled();
      FreshnessMonitor.Report report = mesh.monitor().check();
      List<List<String>> cells = new ArrayList<>();
      for (FreshnessMonitor.Check c : report.checks()) {
        cells.add(List.of(c.product(), c.what(), c.status(), c.detail()));
      }
      if (cells.isEmpty()) {
        System.out.println("No product declares sla.freshness or sla.input-freshness, and none is held: nothing to check.");
      } else {
        TablePrinter.printAligned(System.out, List.of("product", "check", "status", "detail"), cells);
      }
      System.out.println();
      long held = report.checks().stream().filter(c -> c.what().equals("hold")).count();
      String found = Plural.count(report.breaches().size(), "breach", "breaches") + (held == 0 ? "" : ", " + Plural.count(held, "product") + " held");
      if (!enabled) {
        System.out.println("Alerts are off (mesh.alerts.enabled = false): " + found + ", nothing sent or recorded.");
      } else {
        printDeliveries(report.deliveries());
        System.out.println(found + "; " + Plural.count(events(report.deliveries()), "alert event") + " sent or recorded in mesh.alerts.");
      }
      return failOnBreach && !report.breaches().isEmpty() ? ExitCode.RUN_FAILED.code() : ExitCode.SUCCESS.code();
    }
  }

  private static long events(List<Alerting.Delivery> deliveries) {
    return deliveries.stream().map(d -> d.event().id()).distinct().count();
  }

  /** One line per event: its headline and where it went. */
  static void printDeliveries(List<Alerting.Delivery> deliveries) {
    Map<String, List<Alerting.Delivery>> byEvent = new LinkedHashMap<>();
    deliveries.forEach(d -> byEvent.computeIfAbsent(d.event().id(), k -> new ArrayList<>()).add(d));
    for (List<Alerting.Delivery> ds : byEvent.values()) {
      Alert a = ds.get(0).event().alert();
      List<String> where = new ArrayList<>();
      for (Alerting.Delivery d : ds) {
        where.add(
            d.channel() == null
                ? "no route matches (recorded only)"
                : d.channel() + (d.recipient() == null ? "" : " " + d.recipient()) + ": " + d.state()
                    + (d.error() == null ? "" : " (" + d.error() + ")"));
      }
      System.out.println(ds.get(0).event().headline() + " [" + a.severity() + "] -> " + String.join("; ", where));
    }
  }
}
