package dev.mesh.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.MovableClock;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end, with real receivers: e-mail through an SMTP server (GreenMail) and webhooks to a local HTTP
 * endpoint. Each test has products of its own (the warehouse, and so mesh.alerts, is shared by the test JVM).
 */
class AlertsTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);

  @TempDir Path home;

  private static List<Row> alertRows(MeshContext ctx, String product) {
    return ctx.catalog().read(CatalogTable.ALERTS).where(functions.col("product").equalTo(product))
        .orderBy("recorded_at", "channel").collectAsList();
  }

  @Test
  void aBlockedRunSendsOneMailToTheOwnerAndOneWebhookNamingRuleValueAndThreshold() throws Exception {
    try (Receivers rx = new Receivers()) {
      String id = "alerts_blocked.numbers";
      TestMesh tm = new TestMesh(home).platform(Receivers.alerts(rx.smtpPort(), "json", "blocked, failed", ""));
      tm.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", "sla.rules = [ { rule = row-count, min = 5 }, { rule = range, column = value, min = 100, severity = warn } ]"));
      MeshContext ctx = tm.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl())).context();
      ProductDescriptor d = ctx.config().product(id);

      RunResult blocked = new ProductRunner(ctx).run(d, D1);
      // The same breach again: still open, so nothing is sent a second time.
      RunResult again = new ProductRunner(ctx).run(d, D1.plusDays(1));

      assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
      assertThat(again.status()).isEqualTo(RunStatus.BLOCKED);
      MimeMessage[] mails = rx.smtp.getReceivedMessages();
      assertThat(mails).hasSize(1);
      assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("test@example.com");
      assertThat(mails[0].getSubject()).isEqualTo("[mesh] BLOCKED " + id + " " + D1);
      String body = ((String) mails[0].getContent());
      assertThat(body).contains("rule:", "row-count", "table version: none published", "measured:      3", "threshold:     >= 5", "owner:         test <test@example.com>",
          "mesh quality " + id, "mesh logs " + blocked.runId());
      assertThat(rx.posts).hasSize(1);
      assertThat(rx.posts.get(0))
          .contains("\"event\":\"raised\"", "\"kind\":\"blocked\"", "\"product\":\"" + id + "\"", "\"value\":3.0",
              "\"threshold\":\">= 5\"", "\"owner_contact\":\"test@example.com\"", "\"logical_date\":\"2024-03-01\"",
              "\"run_id\":\"" + blocked.runId() + "\"");
      List<Row> rows = alertRows(ctx, id).stream().filter(r -> r.<String>getAs("kind").equals("blocked")).toList();
      assertThat(rows).extracting(r -> r.<String>getAs("channel") + ":" + r.getAs("delivery") + ":" + r.getAs("event"))
          .containsExactly("hook:delivered:raised", "owners:delivered:raised");
      // The warn rule failed too: its own alert, recorded with rule, value and threshold (no route sends warn-rule here).
      Row warned = alertRows(ctx, id).stream().filter(r -> r.<String>getAs("kind").equals("warn-rule")).findFirst().orElseThrow();
      assertThat(warned.<String>getAs("delivery")).isEqualTo("unrouted");
      assertThat(warned.<String>getAs("severity")).isEqualTo("warn");
      // The range rule measures the share of rows within range: none of the three.
      assertThat(warned.<Double>getAs("value")).as(warned.toString()).isEqualTo(0.0);
      assertThat(warned.<String>getAs("threshold")).as(warned.toString()).isNotBlank();
      assertThat(warned.<String>getAs("summary")).as(warned.toString()).contains("warn rule failed on " + id, "measured 0");
      assertThat(rows).extracting(r -> r.<String>getAs("recipient")).containsExactly("webhook $HOOK_URL", "test@example.com");
    }
  }

  @Test
  void aRollbackAlertsItsOwnerAndTheOwnersOfItsReadersEachResolvedByThatProductsNextSuccess() throws Exception {
    try (Receivers rx = new Receivers()) {
      String id = "alerts_rb.numbers";
      String reader = "alerts_rb.doubled";
      TestMesh tm = new TestMesh(home).platform(Receivers.alerts(rx.smtpPort(), "json", "rolled-back, input-rolled-back", ""));
      tm.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
      tm.write("conf/reader.conf", Products.numbers(reader, Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = " + id + " }"));
      Mesh mesh = tm.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl()));
      // Lineage on: the readers of a withdrawn version are found in mesh.lineage.
      MeshContext ctx = mesh.context().withListener(
          new dev.mesh.lineage.LineageListener(mesh.context(), dev.mesh.lineage.LineageTransport.of(mesh.context().config().platform().lineage()), p -> {}));
      ProductDescriptor d = ctx.config().product(id);
      assertThat(new ProductRunner(ctx).run(d, D1).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(new ProductRunner(ctx).run(d, D1.plusDays(1)).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(new ProductRunner(ctx).run(ctx.config().product(reader), D1.plusDays(1)).status()).isEqualTo(RunStatus.SUCCEEDED);

      dev.mesh.runtime.ProductRollback.Outcome back = new dev.mesh.runtime.ProductRollback(ctx).rollback(d, null, "values off by ten", false);

      assertThat(back.ok()).as(back.error()).isTrue();
      assertThat(rx.posts).hasSize(2);
      assertThat(rx.posts).anySatisfy(post -> assertThat(post).contains("\"event\":\"raised\"", "\"kind\":\"rolled-back\"",
          "\"product\":\"" + id + "\"", "\"run_id\":\"" + back.id() + "\"", "reason: values off by ten", "read by " + reader + " (2024-03-02)",
          "bin/mesh run " + id + "+ --date 2024-03-02"));
      assertThat(rx.posts).anySatisfy(post -> assertThat(post).contains("\"kind\":\"input-rolled-back\"", "\"product\":\"" + reader + "\"",
          reader + " was computed from rows of " + id + " that are withdrawn now (its runs for 2024-03-02)"));
      assertThat(rx.smtp.getReceivedMessages()).hasSize(2);
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key)
          .contains("rolled-back|" + id + "|" + back.id(), "input-rolled-back|" + reader + "|" + back.id());

      // The product's next success resolves its own alert; its reader's stays open until the reader runs again.
      assertThat(new ProductRunner(ctx).run(d, D1.plusDays(1)).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(rx.posts).hasSize(3);
      assertThat(rx.posts.get(2)).contains("\"event\":\"resolved\"", "\"kind\":\"rolled-back\"");
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key)
          .doesNotContain("rolled-back|" + id + "|" + back.id()).contains("input-rolled-back|" + reader + "|" + back.id());
    }
  }

  @Test
  void aHoldAlertsItsOwnerAndTheOwnersOfItsReadersUntilItsReleaseResolvesBothAndTheMonitorRemindsOfIt() throws Exception {
    try (Receivers rx = new Receivers()) {
      String id = "alerts_hold.numbers";
      String reader = "alerts_hold.doubled";
      TestMesh tm = new TestMesh(home).platform(Receivers.alerts(rx.smtpPort(), "json", "held, input-held", ""));
      tm.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
      tm.write("conf/reader.conf", Products.numbers(reader, Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = " + id + " }"));
      MovableClock clock = new MovableClock(Instant.parse("2031-06-02T03:00:00Z"));
      Mesh mesh = tm.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl())).clock(clock);
      MeshContext ctx = mesh.context();
      ProductDescriptor d = ctx.config().product(id);
      RunResult published = new ProductRunner(ctx).run(d, D1);
      assertThat(published.status()).isEqualTo(RunStatus.SUCCEEDED);
      dev.mesh.runtime.ProductHolds holds = new dev.mesh.runtime.ProductHolds(ctx);

      dev.mesh.runtime.ProductHolds.Outcome held = holds.hold(d, "totals double-count returns");

      assertThat(held.changed()).isTrue();
      assertThat(rx.posts).hasSize(2);
      assertThat(rx.posts).anySatisfy(post -> assertThat(post).contains("\"event\":\"raised\"", "\"kind\":\"held\"",
          "\"product\":\"" + id + "\"", "\"run_id\":\"" + held.id() + "\"", "\"table_version\":" + published.tableVersion(),
          id + " is held since ", "Z: totals double-count returns. It does not run until it is released;"
              + " its readers read version " + published.tableVersion() + " (" + reader + ").",
          "mesh release " + id));
      assertThat(rx.posts).anySatisfy(post -> assertThat(post).contains("\"event\":\"raised\"", "\"kind\":\"input-held\"",
          "\"product\":\"" + reader + "\"", reader + " reads " + id + ", which is held since ",
          reader + "'s runs read its version " + published.tableVersion() + ", which does not change.", "mesh logs " + held.id()));
      assertThat(rx.smtp.getReceivedMessages()).extracting(MimeMessage::getSubject)
          .containsExactlyInAnyOrder("[mesh] HELD " + id, "[mesh] INPUT-HELD " + reader);
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key)
          .contains("held|" + id + "|" + held.id(), "input-held|" + reader + "|" + held.id());

      // Held again: nothing recorded, nothing sent. The reader's success settles nothing: it still reads frozen rows.
      assertThat(holds.hold(d, "again").changed()).isFalse();
      assertThat(new ProductRunner(ctx).run(ctx.config().product(reader), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(rx.posts).hasSize(2);

      // The release resolves both.
      assertThat(holds.release(d, "returns fixed").changed()).isTrue();
      assertThat(rx.posts).hasSize(4);
      assertThat(rx.posts.subList(2, 4)).allSatisfy(post -> assertThat(post).contains("\"event\":\"resolved\""))
          .anySatisfy(post -> assertThat(post).contains("\"kind\":\"held\"", "\"product\":\"" + id + "\""))
          .anySatisfy(post -> assertThat(post).contains("\"kind\":\"input-held\"", "\"product\":\"" + reader + "\""));
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key)
          .doesNotContain("held|" + id + "|" + held.id(), "input-held|" + reader + "|" + held.id());

      // Held again and forgotten: mesh monitor lists it (no breach) and sends both alerts again after the re-notify
      // interval (6h here), not before.
      dev.mesh.runtime.ProductHolds.Outcome again = holds.hold(d, "still double-counting");
      assertThat(rx.posts).hasSize(6);
      FreshnessMonitor.Report report = mesh.monitor().check();
      assertThat(report.breaches()).isEmpty();
      assertThat(report.holds()).extracting(Alert::key)
          .containsExactlyInAnyOrder("held|" + id + "|" + again.id(), "input-held|" + reader + "|" + again.id());
      assertThat(report.checks()).contains(new FreshnessMonitor.Check(id, "hold", "held", again.hold().detail()));
      assertThat(rx.posts).hasSize(6);
      // The monitor of another deployment on the same catalog (products of its own) settles none of them.
      TestMesh other = new TestMesh(home.resolve("elsewhere")).platform(Receivers.alerts(rx.smtpPort(), "json", "held, input-held", ""));
      other.write("conf/other.conf", Products.numbers("alerts_other.numbers", Transforms.Numbers.class.getName(), "delta", "", ""));
      assertThat(other.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl())).clock(clock).monitor().check().holds()).isEmpty();
      assertThat(rx.posts).hasSize(6);
      clock.advance(Duration.ofHours(7));
      mesh.monitor().check();
      assertThat(rx.posts).hasSize(8);
      assertThat(rx.posts.subList(6, 8)).allSatisfy(post -> assertThat(post).contains("\"event\":\"reminder\"", "still double-counting"));
      assertThat(rx.smtp.getReceivedMessages()).extracting(MimeMessage::getSubject)
          .contains("[mesh] STILL HELD " + id, "[mesh] STILL INPUT-HELD " + reader);
      // Released by a process whose alerts are off: the next monitor resolves what the release did not.
      assertThat(new dev.mesh.runtime.ProductHolds(tm.mesh().context()).release(d, null).changed()).isTrue();
      assertThat(rx.posts).hasSize(8);
      assertThat(mesh.monitor().check().holds()).isEmpty();
      assertThat(rx.posts).hasSize(10);
      assertThat(rx.posts.subList(8, 10)).allSatisfy(post -> assertThat(post).contains("\"event\":\"resolved\"", again.id()));
    }
  }

  @Test
  void aLateProductAlertsOnceAcrossThreeMonitorCallsAgainAfterTheRenotifyIntervalThenResolvesAfterASuccessfulRun() {
    try (Receivers rx = new Receivers()) {
      String id = "alerts_late.numbers";
      TestMesh tm = new TestMesh(home).platform(Receivers.alerts(rx.smtpPort(), "slack", "late", ""));
      tm.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", "sla.freshness = 1h"));
      // A reader whose input freshness is checked on the input's current version (it never runs here).
      String reader = "alerts_late.reader";
      tm.write("conf/reader.conf", Products.numbers(reader, Transforms.Doubler.class.getName(), "delta", "",
          "inputs { upstream = " + id + " }\nsla.input-freshness { upstream { column = day, max-age = 2d } }"));
      MovableClock clock = new MovableClock(Instant.parse("2031-05-02T03:00:00Z"));
      Mesh mesh = tm.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl())).clock(clock);
      MeshContext ctx = mesh.context();
      ProductDescriptor d = ctx.config().product(id);
      assertThat(new ProductRunner(ctx).run(d, D1).status()).isEqualTo(RunStatus.SUCCEEDED);

      FreshnessMonitor monitor = mesh.monitor();
      clock.advance(Duration.ofMinutes(50));
      assertThat(monitor.check().breaches()).extracting(Alert::product).doesNotContain(id);
      FreshnessMonitor.Report report = null;
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(30));
        report = monitor.check();
        assertThat(report.breaches()).extracting(Alert::product).contains(id);
      }
      assertThat(rx.posts).hasSize(1);
      assertThat(rx.posts.get(0)).startsWith("{\"text\":\"[mesh] LATE " + id).contains("\"blocks\":[", "sla.freshness", "<= 1h", "table version: 0");
      // The reader's input is years behind: an input-late alert, recorded (no route sends that kind here).
      assertThat(report.checks()).anyMatch(c -> c.product().equals(reader) && c.what().equals("input upstream") && c.status().equals("late"));
      assertThat(report.breaches()).filteredOn(a -> a.kind().equals("input-late")).singleElement().satisfies(a -> {
        assertThat(a.product()).isEqualTo(reader);
        assertThat(a.rule()).isEqualTo("sla.input-freshness.upstream");
        assertThat(a.threshold()).startsWith("<= 2d");
        assertThat(a.value()).isGreaterThan(24 * 365.0);
      });
      assertThat(alertRows(ctx, reader)).extracting(x -> x.<String>getAs("kind") + ":" + x.getAs("delivery")).containsExactly("input-late:unrouted");
      assertThat(rx.smtp.getReceivedMessages()).hasSize(1);
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key).contains("late|" + id);
      // Held (mesh hold), it is late all the same (its readers read older rows each day), and the alert says it is held.
      dev.mesh.runtime.ProductHolds holds = new dev.mesh.runtime.ProductHolds(ctx);
      assertThat(holds.hold(d, "feed paused").changed()).isTrue();
      assertThat(monitor.check().breaches()).filteredOn(a -> id.equals(a.product())).singleElement()
          .satisfies(a -> assertThat(a.summary()).containsPattern(
              "; it is held since \\S+ \\(hold-[0-9a-f-]{36}\\): feed paused \\(mesh release alerts_late.numbers\\)$"));
      assertThat(holds.release(d, null).changed()).isTrue();

      clock.advance(Duration.ofHours(6));
      monitor.check();
      assertThat(rx.posts).hasSize(2);
      assertThat(rx.posts.get(1)).startsWith("{\"text\":\"[mesh] STILL LATE " + id);

      clock.advance(Duration.ofMinutes(5));
      assertThat(new ProductRunner(ctx).run(d, D1.plusDays(1)).status()).isEqualTo(RunStatus.SUCCEEDED);
      monitor.check();

      assertThat(rx.posts).hasSize(3);
      assertThat(rx.posts.get(2)).startsWith("{\"text\":\"[mesh] RESOLVED late " + id);
      assertThat(rx.smtp.getReceivedMessages()).hasSize(3);
      assertThat(mesh.alerting().openAlerts()).extracting(Alert::key).doesNotContain("late|" + id);
      assertThat(alertRows(ctx, id)).filteredOn(r -> r.<String>getAs("kind").equals("late")).extracting(r -> r.<String>getAs("event"))
          .containsExactly("raised", "raised", "reminder", "reminder", "resolved", "resolved");
      // The hold had its own alert (recorded; this route sends late only), resolved by the release.
      assertThat(alertRows(ctx, id)).filteredOn(r -> !r.<String>getAs("kind").equals("late"))
          .extracting(r -> r.<String>getAs("kind") + ":" + r.getAs("event") + ":" + r.getAs("delivery"))
          .containsExactlyInAnyOrder("held:raised:unrouted", "held:resolved:unrouted"); // one instant of the test's clock
      // A new process reads what is open from mesh.alerts: nothing, so a new monitor sends nothing.
      Mesh fresh = tm.meshWithAlerts(Map.of("HOOK_URL", rx.hookUrl())).clock(clock);
      fresh.monitor().check();
      assertThat(rx.posts).hasSize(3);
    }
  }

  @Test
  void aChannelThatIsDownChangesNoOutcomeAndTheAlertIsRecordedUndelivered() {
    String up = "alerts_down.up";
    String down = "alerts_down.down";
    TestMesh tm = new TestMesh(home).platform(Receivers.alerts(Receivers.closedPort(), "json", "", ""));
    tm.write("conf/up.conf", Products.numbers(up, Transforms.Numbers.class.getName(), "delta", "", ""));
    tm.write("conf/down.conf", Products.numbers(down, Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = " + up + " }"));
    List<String> reported = new CopyOnWriteArrayList<>();
    Mesh mesh =
        tm.meshWithAlerts(Map.of("HOOK_URL", "http://127.0.0.1:" + Receivers.closedPort() + "/secret-token"))
            .reporting(reported::add);
    MeshContext ctx = mesh.context();
    ProductGraph graph = ProductGraph.of(ctx.config().all());

    // A failure drill of the upstream: its downstream is skipped; both outcomes alert, and no channel answers.
    List<RunResult> results =
        new MeshRunner(ctx, 1).failing(Set.of(ProductId.parse(up)))
            .run(graph, Set.of(ProductId.parse(up), ProductId.parse(down)), List.of(D1), new MeshRunner.Listener() {});

    assertThat(results).extracting(RunResult::status).containsExactly(RunStatus.FAILED, RunStatus.SKIPPED);
    assertThat(results.get(0).error()).startsWith(MeshRunner.DRILL);
    assertThat(results.get(1).error()).isEqualTo("skipped: upstream failed (" + up + ")");
    Row upRun = ctx.catalog().read(CatalogTable.RUNS).where(functions.col("run_id").equalTo(results.get(0).runId())).head();
    assertThat(upRun.<Boolean>getAs("drill")).isTrue();
    assertThat(upRun.<String>getAs("log")).endsWith("logs/runs/" + results.get(0).runId() + ".log");

    for (String p : List.of(up, down)) {
      List<Row> rows = alertRows(ctx, p);
      assertThat(rows).extracting(r -> r.<String>getAs("channel") + ":" + r.getAs("delivery") + ":" + r.getAs("attempts"))
          .containsExactly("hook:undelivered:2", "owners:undelivered:2");
      assertThat(rows.get(0).<String>getAs("delivery_error")).contains("could not POST to the webhook ($HOOK_URL)").doesNotContain("secret-token");
      assertThat(rows.get(1).<String>getAs("delivery_error")).contains("could not send mail through 127.0.0.1");
    }
    assertThat(alertRows(ctx, up).get(0).<String>getAs("kind")).isEqualTo("failed");
    assertThat(alertRows(ctx, up).get(0).<String>getAs("summary")).startsWith("Failure drill: ");
    assertThat(alertRows(ctx, down).get(0).<String>getAs("kind")).isEqualTo("skipped");
    assertThat(reported).anyMatch(m -> m.contains("could not be delivered on channel hook") && !m.contains("secret-token"));
  }
}
