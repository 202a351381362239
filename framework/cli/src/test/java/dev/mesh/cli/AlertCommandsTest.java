package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts through the command line: a blocked run whose mail server is down keeps its exit code and records the alert
 * undelivered; {@code mesh status} lists the open alerts (of the products selected, when some are); {@code mesh monitor} raises a late product once; {@code mesh
 * logs} finds a run by its id, or a product's latest run by the product's id.
 */
class AlertCommandsTest {
  @TempDir Path home;

  @Test
  void aDownChannelKeepsTheExitCodeAndStatusMonitorAndLogsShowWhatIsOpen() throws Exception {
    TestSpark.session();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    TestMesh mesh = new TestMesh(home).platform("""
          alerts {
            delivery { attempts = 2, backoff = 10ms, timeout = 1s }
            channels { owners { type = email, host = "127.0.0.1", port = %d, security = none, from = "mesh@example.com" } }
            routes = [ { severities = [error], channels = [owners] } ]
          }
        """.formatted(closed));
    mesh.write("conf/acli/gated.conf", Products.numbers("acli.gated", Transforms.Numbers.class.getName(), "delta", "", "sla.rules = [ { rule = row-count, min = 5 } ]"));
    mesh.write("conf/acli/fresh.conf", Products.numbers("acli.fresh", Transforms.Numbers.class.getName(), "delta", "", "sla.freshness = 1s"));

    Cli.Result run = Cli.run(home, "run", "acli.gated", "acli.fresh", "--date", "2024-03-01");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.err())
        .contains("alert '[mesh] BLOCKED acli.gated 2024-03-01' could not be delivered on channel owners after 2 attempt(s): could not send mail through 127.0.0.1:" + closed);
    Cli.Result alerts = Cli.run(home, "sql", "select kind, channel, recipient, delivery, attempts, run_id from mesh.alerts where product like 'acli.%'", "--format", "csv");
    assertThat(alerts.out()).contains("blocked,owners,test@example.com,undelivered,2,");
    String runId = alerts.out().lines().filter(l -> l.startsWith("blocked,")).findFirst().orElseThrow().replaceAll(".*,", "");

    Thread.sleep(1_100);
    Cli.Result monitor = Cli.run(home, "monitor");
    Cli.Result again = Cli.run(home, "monitor", "--fail-on-breach");

    assertThat(monitor.exitCode()).as(monitor.out() + monitor.err()).isZero();
    assertThat(monitor.out()).containsPattern("acli\\.fresh\\s+freshness\\s+late").contains("[mesh] LATE acli.fresh").contains("1 breach; 1 alert event");
    // Still late: not sent again; with --fail-on-breach the check goes red.
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.out()).contains("1 breach; 0 alert events");

    // The warehouse is shared with the module's other tests, whose failed runs may have open alerts of their own: the
    // counts are of this test's products (every product's alerts are listed by the same code, without the filter).
    Cli.Result status = Cli.run(home, "status", "acli.gated", "acli.fresh");
    assertThat(status.out())
        .contains("2 open alerts")
        .containsPattern("error\\s+blocked\\s+acli\\.gated\\s+2024-03-01\\s+run of acli\\.gated for 2024-03-01 was not published: rule")
        .containsPattern("error\\s+late\\s+acli\\.fresh");
    // The status of one product: its row and its own alert, not the other product's.
    Cli.Result gatedOnly = Cli.run(home, "status", "acli.gated");
    assertThat(gatedOnly.out())
        .contains("1 open alert ")
        .containsPattern("error\\s+blocked\\s+acli\\.gated")
        .doesNotContain("acli.fresh");

    Cli.Result logs = Cli.run(home, "logs", runId.substring(0, 12));
    assertThat(logs.exitCode()).as(logs.out() + logs.err()).isZero();
    assertThat(logs.out()).contains("run      " + runId, "product  acli.gated for 2024-03-01", "status   blocked", "log      " + home.resolve("logs/runs/" + runId + ".log"));

    // The rule fixed, the next run is published and resolves its alert: status and the catalog site show the one left.
    mesh.write("conf/acli/gated.conf", Products.numbers("acli.gated", Transforms.Numbers.class.getName(), "delta", "", "sla.rules = [ { rule = row-count, min = 1 } ]"));
    assertThat(Cli.run(home, "run", "acli.gated", "--date", "2024-03-01").exitCode()).isZero();
    assertThat(Cli.run(home, "status").out()).containsPattern("late\\s+acli\\.fresh").doesNotContainPattern("blocked\\s+acli\\.gated");
    assertThat(Cli.run(home, "status", "acli.gated", "acli.fresh").out()).contains("1 open alert ");
    Cli.Result site = Cli.run(home, "site", "--out", home.resolve("site").toString());
    assertThat(site.exitCode()).as(site.out() + site.err()).isZero();
    String index = java.nio.file.Files.readString(home.resolve("site/index.html"));
    int at = index.indexOf("<section id=\"alerts\">");
    String section = index.substring(at, index.indexOf("</section>", at));
    assertThat(section).contains("acli.fresh", "late").doesNotContain("acli.gated");
    assertThat(java.util.Arrays.stream(section.split("<tr>", -1)).filter(row -> row.contains("acli."))).as("one open alert of this test's: %s", section).hasSize(1);

    // mesh logs <product>: its latest run (the published one now, not the blocked one the alert named); --date picks a
    // logical date; a product that never ran and a misspelt one are usage errors that say so.
    Cli.Result latest = Cli.run(home, "logs", "acli.gated");
    assertThat(latest.exitCode()).as(latest.out() + latest.err()).isZero();
    assertThat(latest.out()).contains("product  acli.gated for 2024-03-01", "status   succeeded").doesNotContain(runId);
    Cli.Result ofDate = Cli.run(home, "logs", "acli.gated", "--date", "2024-03-01");
    assertThat(ofDate.out()).as(ofDate.out() + ofDate.err()).isEqualTo(latest.out());
    Cli.Result otherDate = Cli.run(home, "logs", "acli.gated", "--date", "2024-03-02");
    assertThat(otherDate.exitCode()).isEqualTo(2);
    assertThat(otherDate.err()).contains("No run of acli.gated for 2024-03-02 in mesh.runs; its logical dates: 2024-03-01.");
    mesh.write("conf/acli/idle.conf", Products.numbers("acli.idle", Transforms.Numbers.class.getName(), "delta", "", ""));
    Cli.Result idle = Cli.run(home, "logs", "acli.idle");
    assertThat(idle.exitCode()).isEqualTo(2);
    assertThat(idle.err()).contains("No run of acli.idle in mesh.runs yet: run it with bin/mesh run acli.idle --date <YYYY-MM-DD>.");
    Cli.Result misspelt = Cli.run(home, "logs", "acli.gate");
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).contains("Unknown data product 'acli.gate'", "Did you mean acli.gated");
    Cli.Result runAndDate = Cli.run(home, "logs", runId, "--date", "2024-03-01");
    assertThat(runAndDate.exitCode()).isEqualTo(2);
    assertThat(runAndDate.err()).contains("--date goes with a product id");
  }
}
