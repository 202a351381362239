package dev.mesh.runtime;

import dev.mesh.catalog.Holds;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.graph.ProductGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a product, and releases it ({@code mesh hold}, {@code mesh release}, {@code mesh rollback --hold}): while held,
 * {@code mesh run} and the job jars do not run it (the products downstream run on its current rows), so a bad
 * transform cannot publish again, on schedule, what a rollback withdrew. Each is one {@code mesh.runs} row ({@link
 * Holds}: status {@code held} or {@code released}, the reason, the version current then); holding a held product or
 * releasing one that is not held records nothing. A run already under way carries on; an invocation under way sees the
 * hold when it reads the holds again ({@link #live}). A recorded hold or release is told to the run listeners ({@link RunListener#onHold}: alerts to
 * the product's owner and its readers' owners); a listener that fails is logged, never the hold's failure.
 */
public final class ProductHolds {
  private static final Logger LOG = LoggerFactory.getLogger(ProductHolds.class);

  /** The id prefix of a hold's {@code mesh.runs} row. */
  public static final String HOLD_PREFIX = "hold-";

  /** The id prefix of a release's {@code mesh.runs} row. */
  public static final String RELEASE_PREFIX = "release-";

  private final MeshContext ctx;
  private final RunRecorder recorder;

  public ProductHolds(MeshContext ctx) {
    this.ctx = ctx;
    this.recorder = new RunRecorder(ctx.catalog(), runId -> null);
  }

  /**
   * What a hold or release did.
   *
   * @param id the row recorded, or null when nothing was ({@code changed} false, or an error)
   * @param hold the hold in force before a release, or now after a hold; null when there is none
   * @param changed whether a row was recorded
   * @param error why it could not be done, or null
   */
  public record Outcome(ProductId product, String id, Holds.Hold hold, boolean changed, String error, ErrorKind kind) {
    public boolean ok() {
      return error == null;
    }
  }

  /** The holds in force on {@code products} (one read of {@code mesh.runs}). */
  public Map<ProductId, Holds.Hold> inForce(Set<ProductId> products) {
    Map<ProductId, Holds.Hold> out = new java.util.TreeMap<>(java.util.Comparator.comparing(ProductId::toString));
    Set<String> ids = new java.util.HashSet<>();
    products.forEach(p -> ids.add(p.toString()));
    Holds.read(ctx.catalog().reader(), ids).forEach((product, hold) -> out.put(ProductId.parse(product), hold));
    return out;
  }

  /**
   * The holds in force on {@code products} as an invocation goes on: read now (a failure is thrown: nothing should run
   * on holds not known), then again when asked once {@code every} has passed since the last read, so a hold recorded
   * during a long backfill keeps the product's later runs back. A read that fails then keeps the holds last read (and
   * is logged): a catalog that does not answer for a moment does not stop the invocation.
   */
  public Supplier<Map<ProductId, Holds.Hold>> live(Set<ProductId> products, Duration every) {
    return new Live(Set.copyOf(products), every, inForce(products), ctx.clock().instant());
  }

  private final class Live implements Supplier<Map<ProductId, Holds.Hold>> {
    private final Set<ProductId> products;
    private final Duration every;
    private Map<ProductId, Holds.Hold> last;
    private Instant readAt;

    Live(Set<ProductId> products, Duration every, Map<ProductId, Holds.Hold> first, Instant readAt) {
      this.products = products;
      this.every = every;
      this.last = first;
      this.readAt = readAt;
    }

    @Override
    public synchronized Map<ProductId, Holds.Hold> get() {
      Instant now = ctx.clock().instant();
      if (Duration.between(readAt, now).compareTo(every) >= 0) {
        readAt = now;
        try {
          last = inForce(products);
        } catch (RuntimeException e) {
          LOG.warn("The holds (mesh hold) could not be read again ({}); the runs go on with those read before.",
              MeshErrors.rootMessage(e));
        }
      }
      return last;
    }
  }

  /** Holds {@code product} with {@code reason} (may be null); a product already held stays as it is. */
  public Outcome hold(ProductDescriptor product, String reason) {
    return hold(List.of(product), reason).get(0);
  }

  /**
   * Holds each of {@code products} with {@code reason} (may be null), in one commit: every new hold is recorded, or
   * none is (each outcome then says why); those already held stay as they are. One outcome per product, in order.
   */
  public List<Outcome> hold(List<ProductDescriptor> products, String reason) {
    Map<ProductId, Holds.Hold> held;
    Map<ProductId, Recorded> recorded;
    ProductGraph graph;
    try {
      graph = ProductGraph.of(ctx.config().all());
      held = inForce(withReaders(products, graph));
      List<ProductDescriptor> toHold = products.stream().filter(p -> !held.containsKey(p.id())).toList();
      recorded = record(toHold, HOLD_PREFIX, RunStatus.HELD, p -> null, reason);
    } catch (RuntimeException e) {
      return products.stream().map(p -> new Outcome(p.id(), null, null, false,
          "Not held: " + MeshErrors.rootMessage(e) + ". Nothing was recorded: " + p.id() + "'s runs run as before.",
          ErrorKind.FAILED)).toList();
    }
    Set<ProductId> heldAfter = new java.util.HashSet<>(held.keySet());
    heldAfter.addAll(recorded.keySet());
    List<Outcome> out = new ArrayList<>();
    for (ProductDescriptor p : products) {
      Recorded r = recorded.get(p.id());
      if (r == null) {
        out.add(new Outcome(p.id(), null, held.get(p.id()), false, null, null));
        continue;
      }
      Holds.Hold hold = new Holds.Hold(p.id().toString(), r.id(), r.at(), reason);
      notify(p, hold, null, null, r.version(), graph, heldAfter);
      out.add(new Outcome(p.id(), r.id(), hold, true, null, null));
    }
    return out;
  }

  /** Releases {@code product}'s hold, with {@code reason} (may be null); a product not held stays as it is. */
  public Outcome release(ProductDescriptor product, String reason) {
    return release(List.of(product), reason).get(0);
  }

  /**
   * Releases the holds of {@code products} with {@code reason} (may be null), in one commit: every release is recorded,
   * or none is; those not held stay as they are. One outcome per product, in order.
   */
  public List<Outcome> release(List<ProductDescriptor> products, String reason) {
    Map<ProductId, Holds.Hold> held;
    Map<ProductId, Recorded> recorded;
    ProductGraph graph;
    try {
      graph = ProductGraph.of(ctx.config().all());
      held = inForce(withReaders(products, graph));
      List<ProductDescriptor> toRelease = products.stream().filter(p -> held.containsKey(p.id())).toList();
      recorded = record(toRelease, RELEASE_PREFIX, RunStatus.RELEASED, p -> held.get(p.id()).id(), reason);
    } catch (RuntimeException e) {
      return products.stream().map(p -> new Outcome(p.id(), null, null, false,
          "Not released: " + MeshErrors.rootMessage(e) + ". Nothing was recorded: " + p.id() + " stays as it was.",
          ErrorKind.FAILED)).toList();
    }
    Set<ProductId> heldAfter = new java.util.HashSet<>(held.keySet());
    heldAfter.removeAll(recorded.keySet());
    List<Outcome> out = new ArrayList<>();
    for (ProductDescriptor p : products) {
      Recorded r = recorded.get(p.id());
      if (r == null) {
        out.add(new Outcome(p.id(), null, null, false, null, null));
        continue;
      }
      notify(p, held.get(p.id()), r.id(), reason, r.version(), graph, heldAfter);
      out.add(new Outcome(p.id(), r.id(), held.get(p.id()), true, null, null));
    }
    return out;
  }

  /** The products and their direct readers: whose holds a hold's or release's event needs. */
  private static Set<ProductId> withReaders(List<ProductDescriptor> products, ProductGraph graph) {
    Set<ProductId> ids = new java.util.HashSet<>();
    products.forEach(p -> {
      ids.add(p.id());
      ids.addAll(graph.downstreamOf(p.id()));
    });
    return ids;
  }

  /** A hold or release recorded: its row's id, when, and the product's version then. */
  private record Recorded(String id, Instant at, Long version) {}

  /** One row per product, {@code lifted} naming the hold a release lifts; one commit for all (none when empty). */
  private Map<ProductId, Recorded> record(
      List<ProductDescriptor> products, String prefix, RunStatus status, java.util.function.Function<ProductDescriptor, String> lifted,
      String reason) {
    Instant at = ctx.clock().instant();
    Map<ProductId, Recorded> out = new java.util.HashMap<>();
    List<RunRecorder.HoldRow> rows = new ArrayList<>();
    for (ProductDescriptor p : products) {
      String id = prefix + UUID.randomUUID();
      Long version = ctx.tables().forFormat(p.output().format()).currentVersion(OutputPorts.of(p).internal()).orElse(null);
      rows.add(new RunRecorder.HoldRow(p, new RunResult(id, p.id(), null, status, at, at, 0, version, null, null, Map.of()),
          lifted.apply(p), reason));
      out.put(p.id(), new Recorded(id, at, version));
    }
    if (!rows.isEmpty()) {
      recorder.recordHolds(rows);
    }
    return out;
  }

  /**
   * Tells the listeners (alerts) of a recorded hold or release; one that fails is logged, the outcome stays. The readers
   * named are those that run: a reader held itself ({@code heldAfter}) runs on nothing (its own hold tells its owner).
   */
  private void notify(
      ProductDescriptor product, Holds.Hold hold, String releaseId, String releaseReason, Long version, ProductGraph graph,
      Set<ProductId> heldAfter) {
    RunListener.HoldChanged event;
    try {
      List<ProductDescriptor> readers = graph.downstreamOf(product.id()).stream()
          .filter(id -> !heldAfter.contains(id)).map(graph::descriptor).toList();
      event = new RunListener.HoldChanged(product, hold, releaseId, releaseReason, readers, version);
    } catch (RuntimeException e) {
      LOG.warn("{} of {}: its listeners could not be told", hold.id(), product.id(), e);
      return;
    }
    for (RunListener l : ctx.listeners()) {
      try {
        l.onHold(event);
      } catch (Exception e) {
        LOG.warn("run listener {} failed: {}", l.getClass().getSimpleName(), MeshErrors.rootMessage(e));
      }
    }
  }
}
