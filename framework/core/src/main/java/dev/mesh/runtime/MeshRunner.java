package dev.mesh.runtime;

import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Runs a selection of products for one or more logical dates, each run as soon as what it depends on is done:
 * its upstream products (within the selection) for the same date, and the same product for the previous date, so
 * a backfill runs every date in order per product while independent products and dates overlap. At most
 * {@code parallelism} runs are under way at once, each in its own Spark FAIR scheduler pool.
 *
 * <p>A run that does not succeed marks everything that depends on it, directly or not, skipped with the reason
 * "upstream failed (...)" naming the runs that failed; every other run carries on.
 * A held product's runs ({@link #holding}) end {@code held} without running; what depends on them runs.
 *
 * <p>When its {@link Cancellation} is asked to stop, runs not yet started do not start: each is reported skipped
 * ("cancelled before it started") and, having done nothing, is not recorded; runs under way end as the cancellation
 * says.
 */
public final class MeshRunner {
  /** The Spark local property that puts a thread's jobs into a FAIR scheduler pool. */
  static final String POOL_PROPERTY = "spark.scheduler.pool";

  /** One run under way, for progress output. */
  public record Running(ProductId product, LocalDate date, Instant since) {}

  /**
   * Where a mesh run stands.
   *
   * @param done runs finished (succeeded, failed or skipped)
   * @param total runs of the whole invocation (products x dates)
   * @param running the runs under way, in the order they started
   */
  public record Progress(int done, int total, List<Running> running) {
    public Progress {
      running = List.copyOf(running);
    }
  }

  /** Told about each run as it starts and ends (for progress output); called from several threads. */
  public interface Listener {
    default void started(ProductId product, LocalDate date, Progress progress) {}

    default void finished(RunResult result, Progress progress) {}
  }

  /** How a failure drill's error starts, in the run's result and in {@code mesh.runs.error}. */
  public static final String DRILL = "failure drill";

  /** Runs one product for one date: {@link ProductRunner} in production, a stub in scheduler tests. */
  @FunctionalInterface
  interface RunOne {
    RunResult run(ProductDescriptor product, LocalDate date);
  }

  /**
   * Records the outcome of a product that did not run (skipped because an upstream run failed, a failure drill, a
   * crash): {@link ProductRunner#recordNotRun} in production, nothing in scheduler tests.
   */
  @FunctionalInterface
  interface RecordNotRun {
    RunResult record(ProductDescriptor product, RunResult result);
  }

  private final Clock clock;
  private final RunOne runOne;
  private final RecordNotRun recordNotRun;
  private final int parallelism;
  private final Set<ProductId> forcedFailures;
  private final Supplier<Map<ProductId, dev.mesh.catalog.Holds.Hold>> holds;
  private final Cancellation cancellation;

  public MeshRunner(MeshContext ctx, int parallelism) {
    this(ctx, parallelism, new Cancellation());
  }

  /** A runner that stops when {@code cancellation} is asked to. */
  public MeshRunner(MeshContext ctx, int parallelism, Cancellation cancellation) {
    this(ctx.clock(), parallelism, inFairPool(ctx, cancellation), new ProductRunner(ctx)::recordNotRun, Set.of(), Map::of, cancellation);
  }

  MeshRunner(Clock clock, int parallelism, RunOne runOne) {
    this(clock, parallelism, runOne, (d, r) -> r, Set.of(), Map::of, new Cancellation());
  }

  MeshRunner(Clock clock, int parallelism, RunOne runOne, Cancellation cancellation) {
    this(clock, parallelism, runOne, (d, r) -> r, Set.of(), Map::of, cancellation);
  }

  private MeshRunner(
      Clock clock, int parallelism, RunOne runOne, RecordNotRun recordNotRun, Set<ProductId> forcedFailures,
      Supplier<Map<ProductId, dev.mesh.catalog.Holds.Hold>> holds, Cancellation cancellation) {
    this.clock = clock;
    this.runOne = runOne;
    this.recordNotRun = recordNotRun;
    this.parallelism = Math.max(1, parallelism);
    this.forcedFailures = Set.copyOf(forcedFailures);
    this.holds = holds;
    this.cancellation = cancellation;
  }

  /**
   * A failure drill: the same runner, but the runs of {@code products} fail without running (nothing is read or
   * written), so what a failure skips and what carries on can be seen on a real mesh.
   */
  public MeshRunner failing(Set<ProductId> products) {
    return new MeshRunner(clock, parallelism, runOne, recordNotRun, products, holds, cancellation);
  }

  /**
   * The same runner, but the products of {@code held} ({@code mesh hold}) are not run: each run of one ends {@code held}
   * at once, not recorded (the hold's own row says why), and the runs that depend on it run on its current rows.
   */
  public MeshRunner holding(Map<ProductId, dev.mesh.catalog.Holds.Hold> held) {
    Map<ProductId, dev.mesh.catalog.Holds.Hold> fixed = Map.copyOf(held);
    return holding(() -> fixed);
  }

  /**
   * {@link #holding(Map)} with the holds asked for as each run is about to start, on the scheduling thread: a hold
   * recorded while a long invocation (a backfill) runs keeps the product's later runs back ({@link
   * ProductHolds#live}: read again at most every so often).
   */
  public MeshRunner holding(Supplier<Map<ProductId, dev.mesh.catalog.Holds.Hold>> held) {
    return new MeshRunner(clock, parallelism, runOne, recordNotRun, forcedFailures, held, cancellation);
  }

  /**
   * Runs through {@link ProductRunner} with the thread's jobs in the product's FAIR pool, so concurrent runs share
   * the cluster fairly instead of queueing behind the first big job (spark.scheduler.mode = FAIR).
   */
  private static RunOne inFairPool(MeshContext ctx, Cancellation cancellation) {
    ProductRunner runner = new ProductRunner(ctx, cancellation);
    return (d, date) -> {
      SparkContext sc = ctx.spark().sparkContext();
      sc.setLocalProperty(POOL_PROPERTY, pool(d.id()));
      try {
        return runner.run(d, date);
      } finally {
        sc.setLocalProperty(POOL_PROPERTY, null);
      }
    };
  }

  /** The FAIR pool of a product's runs: one per product, so the pool count stays bounded by the mesh's size. */
  static String pool(ProductId id) {
    return "mesh." + id;
  }

  /**
   * Runs {@code selection} for every date of {@code dates} (in the order given) and returns one result per product
   * and date, ordered by date and then by dependency order. Never throws for a failed run.
   */
  public List<RunResult> run(ProductGraph graph, Set<ProductId> selection, List<LocalDate> dates, Listener listener) {
    return new Scheduled(graph, selection, dates, listener).run();
  }

  /** One product for one date: a node of the run graph. */
  private record Node(int dateIndex, int order, ProductId product, LocalDate date) {}

  /** The state of one invocation; the scheduling loop runs on the calling thread. */
  private final class Scheduled {
    private final ProductGraph graph;
    private final Listener listener;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, List<Node>> dependents = new HashMap<>();
    private final Map<Node, List<Node>> dependencies = new HashMap<>();
    private final Map<Node, Integer> waitingFor = new HashMap<>();
    private final Map<Node, RunResult> results = new HashMap<>();
    /** For each run that did not succeed: the failed runs it stands for (itself, or what made it skip). */
    private final Map<Node, SortedSet<String>> failedRoots = new HashMap<>();
    private final Map<Node, Running> running = new LinkedHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final int total;

    Scheduled(ProductGraph graph, Set<ProductId> selection, List<LocalDate> dates, Listener listener) {
      this.graph = graph;
      this.listener = listener;
      List<ProductId> order = graph.topologicalOrder().stream().filter(selection::contains).toList();
      Map<ProductId, Node> previousDate = new HashMap<>();
      for (int d = 0; d < dates.size(); d++) {
        Map<ProductId, Node> thisDate = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
          ProductId id = order.get(i);
          Node n = new Node(d, i, id, dates.get(d));
          nodes.add(n);
          thisDate.put(id, n);
          List<Node> deps = new ArrayList<>();
          for (ProductId up : graph.upstreamOf(id)) {
            if (thisDate.containsKey(up)) {
              deps.add(thisDate.get(up));
            }
          }
          if (previousDate.containsKey(id)) {
            deps.add(previousDate.get(id));
          }
          dependencies.put(n, deps);
          waitingFor.put(n, deps.size());
          deps.forEach(dep -> dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(n));
        }
        previousDate = thisDate;
      }
      this.total = nodes.size();
    }

    List<RunResult> run() {
      // Earlier dates first, then dependency order: the plan's order whenever there is a choice.
      PriorityQueue<Node> ready =
          new PriorityQueue<>(Comparator.comparingInt(Node::dateIndex).thenComparingInt(Node::order));
      nodes.stream().filter(n -> waitingFor.get(n) == 0).forEach(ready::add);
      ExecutorService pool =
          Executors.newFixedThreadPool(
              parallelism,
              r -> {
                Thread t = new Thread(r, "mesh-run");
                t.setDaemon(true);
                return t;
              });
      CompletionService<Map.Entry<Node, RunResult>> completions = new ExecutorCompletionService<>(pool);
      int underWay = 0;
      try {
        while (results.size() < nodes.size()) {
          while (!ready.isEmpty() && underWay < parallelism) {
            Node n = ready.poll();
            if (cancellation.reason().isPresent()) {
              complete(n, notStarted(n), ready);
              continue;
            }
            dev.mesh.catalog.Holds.Hold hold = holds.get().get(n.product());
            if (hold != null) {
              complete(n, held(n, hold), ready);
              continue;
            }
            SortedSet<String> roots = failedUpstream(n);
            if (!roots.isEmpty()) {
              complete(n, recordNotRun.record(graph.descriptor(n.product()), skipped(n, roots)), ready);
              continue;
            }
            completions.submit(() -> Map.entry(n, execute(n)));
            underWay++;
          }
          if (underWay == 0) {
            if (ready.isEmpty() && results.size() < nodes.size()) {
              throw new IllegalStateException("mesh runner stalled: a run waits for one that never ends");
            }
            continue;
          }
          Map.Entry<Node, RunResult> finished = take(completions);
          underWay--;
          complete(finished.getKey(), finished.getValue(), ready);
        }
      } finally {
        pool.shutdownNow();
      }
      List<RunResult> out = new ArrayList<>();
      nodes.forEach(n -> out.add(results.get(n)));
      return out;
    }

    /** Runs on a worker thread. */
    private RunResult execute(Node n) {
      // The listener is told inside the lock: progress lines come out in the order the snapshots were taken.
      synchronized (this) {
        running.put(n, new Running(n.product(), n.date(), clock.instant()));
        listener.started(n.product(), n.date(), progress());
      }
      Instant started = clock.instant();
      ProductDescriptor d = graph.descriptor(n.product());
      if (forcedFailures.contains(n.product())) {
        return recordNotRun.record(
            d,
            new RunResult(
                java.util.UUID.randomUUID().toString(), n.product(), n.date(), RunStatus.FAILED, started, clock.instant(),
                0, null, null, DRILL + ": run of " + n.product() + " failed as asked by --fail; nothing was read or written.",
                Map.of()));
      }
      try {
        return runOne.run(d, n.date());
      } catch (RuntimeException | LinkageError e) {
        // ProductRunner reports failures as results; anything escaping it is a bug, but must not stop the mesh.
        return recordNotRun.record(
            d,
            new RunResult(
                java.util.UUID.randomUUID().toString(), n.product(), n.date(), RunStatus.FAILED, started, clock.instant(),
                0, null, null, "Run of " + n.product() + " crashed: " + e, Map.of()));
      }
    }

    private void complete(Node n, RunResult r, PriorityQueue<Node> ready) {
      results.put(n, r);
      if (r.status() == RunStatus.SKIPPED) {
        failedRoots.put(n, failedUpstream(n));
      } else if (!r.succeeded() && r.status() != RunStatus.HELD) {
        failedRoots.put(n, new TreeSet<>(List.of(n.product() + "@" + n.date())));
      }
      synchronized (this) {
        running.remove(n);
        done.incrementAndGet();
        listener.finished(r, progress());
      }
      for (Node next : dependents.getOrDefault(n, List.of())) {
        if (waitingFor.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }

    /** The failed runs behind the dependencies of {@code n} that did not succeed, as {@code product@date}. */
    private SortedSet<String> failedUpstream(Node n) {
      SortedSet<String> roots = new TreeSet<>();
      for (Node dep : dependencies.get(n)) {
        roots.addAll(failedRoots.getOrDefault(dep, new TreeSet<>()));
      }
      return roots;
    }

    private RunResult skipped(Node n, SortedSet<String> roots) {
      List<String> names = new ArrayList<>();
      for (String root : roots) {
        // The same date goes without saying; an earlier date's failure names its date.
        String sameDate = "@" + n.date();
        names.add(root.endsWith(sameDate) ? root.substring(0, root.length() - sameDate.length()) : root.replace("@", " on "));
      }
      Instant now = clock.instant();
      return new RunResult(
          java.util.UUID.randomUUID().toString(), n.product(), n.date(), RunStatus.SKIPPED, now, now, 0, null, null,
          "skipped: upstream failed (" + String.join(", ", names) + ")", Map.of());
    }

    private RunResult held(Node n, dev.mesh.catalog.Holds.Hold hold) {
      Instant now = clock.instant();
      return new RunResult(
          java.util.UUID.randomUUID().toString(), n.product(), n.date(), RunStatus.HELD, now, now, 0, null, null,
          hold.notRun(), Map.of());
    }

    private RunResult notStarted(Node n) {
      Instant now = clock.instant();
      return new RunResult(
          java.util.UUID.randomUUID().toString(), n.product(), n.date(), RunStatus.SKIPPED, now, now, 0, null, null,
          "skipped: cancelled before it started: " + cancellation.reason().orElseThrow(), Map.of());
    }

    private Progress progress() {
      return new Progress(done.get(), total, new ArrayList<>(running.values()));
    }
  }

  private static <T> T take(CompletionService<T> completions) {
    try {
      return completions.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run crashed: " + e.getCause(), e.getCause());
    }
  }
}
