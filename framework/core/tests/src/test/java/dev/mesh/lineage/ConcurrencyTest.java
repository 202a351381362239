package dev.mesh.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs publishing at the same time lose no row in any catalog table, and no event line. */
class ConcurrencyTest {
  private static final int RUNS = 8;
  private static final LocalDate D1 = LocalDate.of(2024, 4, 1);

  @TempDir Path home;

  @Test
  void eightRunsPublishingAtOnceLoseNoCatalogRowAndNoEvent() throws Exception {
    TestMesh mesh = new TestMesh(home);
    Path events = home.resolve("events.jsonl");
    mesh.write("conf/mesh.conf", "mesh { warehouse = \"" + TestSpark.warehouse() + "\"\n lineage.path = \"" + events + "\" }\n");
    mesh.write("conf/conc/up.conf", Products.numbers("conc.up", Transforms.Numbers.class.getName(), "delta", "", ""));
    for (int i = 0; i < RUNS; i++) {
      mesh.write(
          "conf/conc/p" + i + ".conf",
          Products.numbers("conc.p" + i, Transforms.Doubler.class.getName(), "delta", "",
              "inputs { upstream = conc.up }\n sla.rules = [ { rule = row-count, min = 1 }, { rule = unique, columns = [id] } ]"));
    }
    List<String> problems = new CopyOnWriteArrayList<>();
    MeshContext ctx = mesh.context(c -> new LineageListener(c, LineageTransport.of(c.config().platform().lineage()), problems::add));
    assertThat(new ProductRunner(ctx).run(ctx.config().product("conc.up"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);

    ExecutorService pool = Executors.newFixedThreadPool(RUNS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RunResult>> futures = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String id = "conc.p" + i;
      futures.add(pool.submit(() -> {
        SparkSession.setActiveSession(ctx.spark());
        go.await();
        return new ProductRunner(ctx).run(ctx.config().product(id), D1);
      }));
    }
    go.countDown();
    Set<String> runIds = new HashSet<>();
    for (Future<RunResult> f : futures) {
      RunResult r = f.get(10, TimeUnit.MINUTES);
      assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
      runIds.add(r.runId());
    }
    pool.shutdown();

    assertThat(problems).isEmpty();
    assertThat(count(ctx, CatalogTable.RUNS, runIds)).isEqualTo(RUNS);
    assertThat(count(ctx, CatalogTable.QUALITY, runIds)).isEqualTo(RUNS * 2L + RUNS * 3L); // 2 SLA rules + 3 not-null
    // per run: 1 table row + 3 columns (id, day, value) each directly from its namesake
    assertThat(count(ctx, CatalogTable.LINEAGE, runIds)).isEqualTo(RUNS * 4L);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      lines.add(OpenLineageEvents.mapper().readTree(line)); // a torn line would not parse
    }
    Set<String> terminal = new HashSet<>();
    for (JsonNode e : lines) {
      if (e.path("eventType").asText().equals("COMPLETE") && runIds.contains(e.path("run").path("runId").asText())) {
        terminal.add(e.path("run").path("runId").asText());
      }
    }
    assertThat(terminal).isEqualTo(runIds);
    // upstream run: START, COMPLETE, quality START, COMPLETE (3 not-null rules); 8 x the same
    assertThat(lines).hasSize(4 + RUNS * 4);
  }

  @Test
  void processesAppendingToOneEventFileLoseNoLine() throws Exception {
    Path file = home.resolve("shared/events.jsonl");
    int processes = 4;
    int each = 300;
    List<Process> started = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), EventWriter.class.getName(), file.toString(), "p" + p, String.valueOf(each)));
      started.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }
    for (Process p : started) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(processes * each);
    Set<String> seen = new HashSet<>();
    for (String line : lines) {
      JsonNode n = OpenLineageEvents.mapper().readTree(line);
      seen.add(n.path("writer").asText() + "/" + n.path("n").asInt());
      assertThat(n.path("padding").asText()).hasSize(20_000);
    }
    assertThat(seen).hasSize(processes * each);
  }

  /** A child process: appends {@code n} large events to the file through the file transport. */
  public static final class EventWriter {
    public static void main(String[] args) throws Exception {
      LineageTransport t = new LineageTransport.FileTransport(Path.of(args[0]));
      String padding = "x".repeat(20_000); // far above any atomic-append size
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        t.send("{\"writer\":\"" + args[1] + "\",\"n\":" + i + ",\"padding\":\"" + padding + "\"}");
      }
    }
  }

  private static long count(MeshContext ctx, CatalogTable t, Set<String> runIds) {
    return ctx.catalog().read(t).where(functions.col("run_id").isin(runIds.toArray())).count();
  }
}
