package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.graph.ProductGraph;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.SchemaContract;
import dev.mesh.model.SlaSpec;
import dev.mesh.model.TableFormat;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.WriteMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler alone: runs are stubs, no Spark. */
class MeshRunnerTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  static ProductDescriptor product(String id, String... inputs) {
    List<InputSpec> in =
        Arrays.stream(inputs).map(i -> (InputSpec) new InputSpec.ProductInput(i.replace('.', '_'), ProductId.parse(i))).toList();
    return new ProductDescriptor(
        ProductId.parse(id), null, "", "1.0.0", in, new TransformSpec.JavaClass("x.Y"),
        new OutputSpec(TableFormat.DELTA, WriteMode.OVERWRITE, List.of(), List.of()),
        new SchemaContract(List.of()), SlaSpec.none(), null, List.of(), new Origin("conf/" + id + ".conf", 1));
  }

  private static RunResult result(ProductDescriptor d, LocalDate date, RunStatus status) {
    Instant now = Instant.now();
    return new RunResult("r", d.id(), date, status, now, now, 0, null, null, status == RunStatus.SUCCEEDED ? null : "boom", Map.of());
  }

  private static final ProductGraph GRAPH =
      ProductGraph.of(
          List.of(
              product("a.src"),
              product("a.clean", "a.src"),
              product("b.other"),
              product("b.join", "a.clean", "b.other"),
              product("c.report", "b.join"),
              product("c.side", "b.other")));

  private static Map<String, String> statuses(List<RunResult> results) {
    Map<String, String> out = new java.util.TreeMap<>();
    results.forEach(r -> out.put(r.product() + "@" + r.logicalDate().getDayOfMonth(), r.status().label()));
    return out;
  }

  @Test
  void aFailureSkipsWhatDependsOnItForThatDateAndLaterAndEverythingElseRuns() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 2,
            (d, date) -> {
              ran.add(d.id() + "@" + date.getDayOfMonth());
              boolean fails = d.id().toString().equals("a.clean") && date.equals(D1);
              return result(d, date, fails ? RunStatus.FAILED : RunStatus.SUCCEEDED);
            });

    List<RunResult> results = runner.run(GRAPH, GRAPH.ids(), List.of(D1, D2), new MeshRunner.Listener() {});

    assertThat(statuses(results))
        .containsEntry("a.src@1", "succeeded")
        .containsEntry("a.clean@1", "failed")
        .containsEntry("b.join@1", "skipped")
        .containsEntry("c.report@1", "skipped")
        .containsEntry("b.other@1", "succeeded")
        .containsEntry("c.side@1", "succeeded")
        // The next date of a failed product waits for it (dates in order per product): skipped, and so is its downstream.
        .containsEntry("a.clean@2", "skipped")
        .containsEntry("b.join@2", "skipped")
        .containsEntry("a.src@2", "succeeded")
        .containsEntry("c.side@2", "succeeded")
        .hasSize(12);
    assertThat(ran).doesNotContain("b.join@1", "c.report@1", "a.clean@2", "b.join@2", "c.report@2");
    RunResult report1 = results.stream().filter(r -> r.product().toString().equals("c.report") && r.logicalDate().equals(D1)).findFirst().orElseThrow();
    assertThat(report1.error()).isEqualTo("skipped: upstream failed (a.clean)");
    RunResult clean2 = results.stream().filter(r -> r.product().toString().equals("a.clean") && r.logicalDate().equals(D2)).findFirst().orElseThrow();
    assertThat(clean2.error()).isEqualTo("skipped: upstream failed (a.clean on 2024-03-01)");
    // Results come back by date, then in dependency order, whatever order the runs finished in.
    assertThat(results.subList(0, 6).stream().map(r -> r.product().toString()).toList())
        .containsExactly("a.src", "a.clean", "b.other", "b.join", "c.report", "c.side");
  }

  @Test
  void aHoldRecordedWhileABackfillRunsKeepsTheProductsLaterRunsBack() {
    dev.mesh.catalog.Holds.Hold hold =
        new dev.mesh.catalog.Holds.Hold("a.clean", "hold-2", Instant.parse("2024-03-01T09:00:00Z"), "found mid-backfill");
    java.util.concurrent.atomic.AtomicReference<Map<ProductId, dev.mesh.catalog.Holds.Hold>> holds =
        new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 1,
            (d, date) -> {
              if (d.id().toString().equals("a.clean")) {
                // Its owner holds it while its first date runs.
                holds.set(Map.of(d.id(), hold));
              }
              return result(d, date, RunStatus.SUCCEEDED);
            })
            .holding(holds::get);

    List<RunResult> results = runner.run(GRAPH, GRAPH.ids(), List.of(D1, D2), new MeshRunner.Listener() {});

    assertThat(statuses(results))
        .containsEntry("a.clean@1", "succeeded")
        .containsEntry("a.clean@2", "held")
        .containsEntry("b.join@2", "succeeded")
        .hasSize(12);
  }

  @Test
  void aHeldProductIsNotRunAndWhatDependsOnItRunsOnItsCurrentRows() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    dev.mesh.catalog.Holds.Hold hold =
        new dev.mesh.catalog.Holds.Hold("a.clean", "hold-1", Instant.parse("2024-03-01T08:00:00Z"), "totals double-count returns");
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 2,
            (d, date) -> {
              ran.add(d.id() + "@" + date.getDayOfMonth());
              return result(d, date, RunStatus.SUCCEEDED);
            })
            .holding(Map.of(ProductId.parse("a.clean"), hold));

    List<RunResult> results = runner.run(GRAPH, GRAPH.ids(), List.of(D1, D2), new MeshRunner.Listener() {});

    assertThat(statuses(results))
        .containsEntry("a.clean@1", "held")
        .containsEntry("a.clean@2", "held")
        .containsEntry("b.join@1", "succeeded")
        .containsEntry("c.report@2", "succeeded")
        .containsEntry("a.src@2", "succeeded")
        .hasSize(12);
    assertThat(ran).hasSize(10).doesNotContain("a.clean@1", "a.clean@2");
    RunResult clean1 = results.stream().filter(r -> r.product().toString().equals("a.clean") && r.logicalDate().equals(D1)).findFirst().orElseThrow();
    assertThat(clean1.error())
        .isEqualTo("held since 2024-03-01T08:00:00Z: totals double-count returns; mesh release a.clean lets it run");
  }

  @Test
  void aStopRequestStartsNothingMoreAndTheRunUnderWayEndsAsItEnds() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Cancellation cancellation = new Cancellation();
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 1,
            (d, date) -> {
              ran.add(d.id() + "@" + date.getDayOfMonth());
              if (d.id().toString().equals("a.clean")) {
                cancellation.cancel("asked to stop"); // while it runs: say it was publishing, so it succeeds
              }
              return result(d, date, RunStatus.SUCCEEDED);
            },
            cancellation);

    List<RunResult> results = runner.run(GRAPH, GRAPH.ids(), List.of(D1, D2), new MeshRunner.Listener() {});

    assertThat(ran).containsExactly("a.src@1", "a.clean@1");
    assertThat(statuses(results)).hasSize(12).containsEntry("a.src@1", "succeeded").containsEntry("a.clean@1", "succeeded");
    assertThat(results).filteredOn(r -> !r.succeeded()).hasSize(10)
        .allSatisfy(r -> {
          assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
          assertThat(r.error()).isEqualTo("skipped: cancelled before it started: asked to stop");
        });
  }

  @Test
  void aProductStartsAsSoonAsItsOwnUpstreamIsDoneNotWhenItsLevelIs() throws Exception {
    // a.src is slow; b.other -> c.side is a short chain that must not wait for a.src.
    CountDownLatch sideStarted = new CountDownLatch(1);
    Map<String, Boolean> sawSideWhileRunning = new ConcurrentHashMap<>();
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 2,
            (d, date) -> {
              String id = d.id().toString();
              if (id.equals("c.side")) {
                sideStarted.countDown();
              }
              if (id.equals("a.src")) {
                try {
                  sawSideWhileRunning.put(id, sideStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return result(d, date, RunStatus.SUCCEEDED);
            });

    List<RunResult> results =
        runner.run(GRAPH, Set.of(ProductId.parse("a.src"), ProductId.parse("b.other"), ProductId.parse("c.side")), List.of(D1), new MeshRunner.Listener() {});

    assertThat(results).extracting(RunResult::status).containsOnly(RunStatus.SUCCEEDED);
    assertThat(sawSideWhileRunning).containsEntry("a.src", true);
  }

  @Test
  void neverRunsMoreThanTheParallelismAndReportsWhatIsRunning() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    List<Integer> runningSeen = Collections.synchronizedList(new ArrayList<>());
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 2,
            (d, date) -> {
              max.accumulateAndGet(now.incrementAndGet(), Math::max);
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              now.decrementAndGet();
              return result(d, date, RunStatus.SUCCEEDED);
            });
    List<MeshRunner.Progress> finished = Collections.synchronizedList(new ArrayList<>());

    runner.run(
        GRAPH, GRAPH.ids(), List.of(D1, D2),
        new MeshRunner.Listener() {
          @Override
          public void started(ProductId product, LocalDate date, MeshRunner.Progress progress) {
            runningSeen.add(progress.running().size());
            assertThat(progress.running()).anyMatch(r -> r.product().equals(product) && r.date().equals(date));
          }

          @Override
          public void finished(RunResult result, MeshRunner.Progress progress) {
            finished.add(progress);
          }
        });

    assertThat(max.get()).isEqualTo(2);
    assertThat(runningSeen).allMatch(n -> n >= 1 && n <= 2);
    assertThat(finished).hasSize(12);
    assertThat(finished.get(finished.size() - 1).done()).isEqualTo(12);
    assertThat(finished.get(finished.size() - 1).total()).isEqualTo(12);
    assertThat(finished.get(finished.size() - 1).running()).isEmpty();
  }

  @Test
  void aFailureDrillFailsTheNamedProductWithoutRunningIt() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    MeshRunner runner =
        new MeshRunner(
            Clock.systemUTC(), 2,
            (d, date) -> {
              ran.add(d.id().toString());
              return result(d, date, RunStatus.SUCCEEDED);
            });

    List<RunResult> results = runner.failing(Set.of(ProductId.parse("b.other"))).run(GRAPH, GRAPH.ids(), List.of(D1), new MeshRunner.Listener() {});

    assertThat(statuses(results))
        .containsEntry("b.other@1", "failed")
        .containsEntry("b.join@1", "skipped")
        .containsEntry("c.report@1", "skipped")
        .containsEntry("c.side@1", "skipped")
        .containsEntry("a.src@1", "succeeded")
        .containsEntry("a.clean@1", "succeeded");
    assertThat(ran).containsExactlyInAnyOrder("a.src", "a.clean");
    assertThat(results.stream().filter(r -> r.product().toString().equals("b.other")).findFirst().orElseThrow().error())
        .startsWith(MeshRunner.DRILL + ": ").contains("as asked by --fail");
  }
}
