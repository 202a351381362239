package dev.mesh.runtime;

import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a selection of products for one or more logical dates: dates in order, and for each date the products in
 * dependency order, independent ones at the same time. A product whose run fails marks everything downstream of it
 * skipped (for that date and the later ones); every other product carries on.
 */
public final class MeshRunner {

  /** Told about each run as it starts and ends (for progress output). */
  public interface Listener {
    default void started(ProductId product, LocalDate date, int done, int total) {}

    default void finished(RunResult result, int done, int total) {}
  }

  private final MeshContext ctx;
  private final ProductRunner runner;
  private final int parallelism;

  public MeshRunner(MeshContext ctx, int parallelism) {
    this.ctx = ctx;
    this.runner = new ProductRunner(ctx);
    this.parallelism = Math.max(1, parallelism);
  }

  public List<RunResult> run(ProductGraph graph, Set<ProductId> selection, List<LocalDate> dates, Listener listener) {
    List<List<ProductId>> levels = graph.levels(selection);
    int total = selection.size() * dates.size();
    AtomicInteger done = new AtomicInteger();
    List<RunResult> results = new ArrayList<>();
    Set<ProductId> broken = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "mesh-run");
      t.setDaemon(true);
      return t;
    });
    try {
      for (LocalDate date : dates) {
        for (List<ProductId> level : levels) {
          List<Future<RunResult>> futures = new ArrayList<>();
          for (ProductId id : level) {
            Set<ProductId> failedUpstream = new HashSet<>(graph.allUpstream(id));
            failedUpstream.retainAll(broken);
            if (!failedUpstream.isEmpty()) {
              RunResult skipped = skipped(id, date, failedUpstream);
              results.add(skipped);
              broken.add(id);
              listener.finished(skipped, done.incrementAndGet(), total);
              continue;
            }
            futures.add(
                pool.submit(
                    () -> {
                      listener.started(id, date, done.get(), total);
                      RunResult r = runner.run(graph.descriptor(id), date);
                      listener.finished(r, done.incrementAndGet(), total);
                      return r;
                    }));
          }
          for (Future<RunResult> f : futures) {
            RunResult r = await(f);
            results.add(r);
            if (!r.succeeded()) {
              broken.add(r.product());
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private RunResult skipped(ProductId id, LocalDate date, Set<ProductId> failedUpstream) {
    Instant now = ctx.clock().instant();
    return new RunResult(
        "-", id, date, RunStatus.SKIPPED, now, now, 0, null, null,
        "skipped: upstream failed (" + String.join(", ", failedUpstream.stream().sorted().map(ProductId::toString).toList()) + ")",
        Map.of());
  }

  private static RunResult await(Future<RunResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run crashed: " + e.getCause(), e.getCause());
    }
  }
}
