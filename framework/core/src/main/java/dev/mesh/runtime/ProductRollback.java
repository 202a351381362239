package dev.mesh.runtime;

import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.catalog.Publications;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.governance.OutputPorts;
import dev.mesh.governance.PiiMasking;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.WriteMode;
import dev.mesh.storage.CommitRetry;
import dev.mesh.storage.TableStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdraws a bad publication ({@code mesh rollback}): the rows an earlier run published become the product's current
 * rows again, in one commit per table, and every publication after that run is withdrawn. A product with PII gets its
 * output port rewritten from the restored clear rows (PII handled as a run handles it), after the clear table; if that
 * fails, the clear table is set back, so readers of either table never see the two disagree.
 *
 * <p>It holds the product's lease meanwhile (a run started then is refused, {@code busy}), refuses a version whose
 * rows no longer keep the declared contract (the declaration changed since: roll it back too), and records itself in
 * {@code mesh.runs} (status {@code rolled-back}, {@code restored_run}, {@code reason}), which {@link Publications}
 * reads: {@code mesh status}, the site and the monitor then show the restored run's rows, published when that run
 * ended. It also names the products whose runs read a withdrawn version ({@code mesh.lineage}): their published rows
 * were computed from rows that are withdrawn now, and want a run again once this product is right.
 */
public final class ProductRollback {
  /** The id prefix of a rollback, in its lease and its {@code mesh.runs} row. */
  public static final String ID_PREFIX = "rollback-";

  private static final Logger LOG = LoggerFactory.getLogger(ProductRollback.class);
  private static final List<String> RUN_COLUMNS = concat(List.of("product"), Publications.COLUMNS);
  private static final List<String> LINEAGE_COLUMNS =
      List.of("run_id", "product", "logical_date", "status", "level", "input", "input_version", "input_table", "recorded_at");

  private final MeshContext ctx;
  private final RunRecorder recorder;

  public ProductRollback(MeshContext ctx) {
    this.ctx = ctx;
    this.recorder = new RunRecorder(ctx.catalog(), runId -> RunLogs.path(ctx.config().platform(), runId).toString());
  }

  /** Whether a lease holder is a rollback rather than a run. */
  static boolean isRollback(LeaseHolder holder) {
    return holder.runId().startsWith(ID_PREFIX);
  }

  /** A product whose runs read a withdrawn version: the logical dates of those runs. */
  public record Reader(ProductId product, List<LocalDate> dates) {}

  /**
   * What a rollback did, or would do ({@code dryRun}).
   *
   * @param from what readers read before it
   * @param to the publication whose rows are current again
   * @param withdrawn the publications after {@code to}, oldest first
   * @param version the version current after it (null for a dry run or when it failed)
   * @param readers the products whose runs read a withdrawn version
   * @param error why it did not happen, or what went wrong after it did (the catalog record), else null
   */
  public record Outcome(
      ProductId product, String id, Publications.Publication from, Publications.Publication to,
      List<Publications.Publication> withdrawn, Long version, List<Reader> readers, String error, ErrorKind kind) {
    public boolean ok() {
      return error == null;
    }

    /**
     * The command that runs the product and everything downstream of it for the withdrawn dates (those of the withdrawn
     * publications and of the readers' runs), once it is right again; null when no date is withdrawn.
     */
    public String rerun() {
      java.util.TreeSet<LocalDate> dates = new java.util.TreeSet<>();
      withdrawn.stream().map(w -> w.run().logicalDate()).filter(java.util.Objects::nonNull).forEach(dates::add);
      readers.forEach(r -> dates.addAll(r.dates()));
      if (dates.isEmpty()) {
        return null;
      }
      String when = dates.first().equals(dates.last()) ? "--date " + dates.first() : "--from " + dates.first() + " --to " + dates.last();
      return "bin/mesh run " + product + "+ " + when;
    }
  }

  /**
   * Rolls {@code product} back to the publication of run {@code toRun} (its id or a unique prefix of at least 8
   * characters), or, when null, to the one before the current one. Never throws for the product's own failures.
   */
  public Outcome rollback(ProductDescriptor product, String toRun, String reason, boolean dryRun) {
    String id = ID_PREFIX + UUID.randomUUID();
    Instant started = ctx.clock().instant();
    try (RunLogs.Context log = RunLogs.enter(id, product.id().toString(), LocalDate.ofInstant(started, ZoneOffset.UTC))) {
      if (dryRun) {
        Target t = target(product, toRun);
        return new Outcome(product.id(), id, t.from(), t.to(), t.withdrawn(), null, readers(product, t.withdrawn()), null, null);
      }
      try (ProductLeases.Lease lease =
          ctx.leases().acquire(product.id(), LeaseHolder.of(id, product.id(), LocalDate.ofInstant(started, ZoneOffset.UTC), started))) {
        lease.abandoned().ifPresent(dead -> AbandonedRuns.record(ctx, recorder, ctx.spark(), product, dead, id));
        return rollBack(product, id, started, target(product, toRun), reason);
      }
    } catch (MeshException e) {
      String error = e.kind() == ErrorKind.BUSY ? e.getMessage().replaceFirst("^Not run: ", "Not rolled back: ") : e.getMessage();
      return new Outcome(product.id(), id, null, null, List.of(), null, List.of(), error, e.kind());
    } catch (RuntimeException e) {
      LOG.warn("rollback {} of {} failed", id, product.id(), e);
      return new Outcome(product.id(), id, null, null, List.of(), null, List.of(),
          "Not rolled back: " + withoutPeriod(MeshErrors.rootMessage(e)) + ". Nothing changed: " + product.id() + " keeps its current version.",
          ErrorKind.FAILED);
    }
  }

  private record Target(Publications.Publication from, Publications.Publication to, List<Publications.Publication> withdrawn) {}

  /** The current publication, the one to go back to, and those withdrawn, from {@code mesh.runs} as it is now. */
  private Target target(ProductDescriptor product, String toRun) {
    String pid = product.id().toString();
    List<Publications.Entry> runs =
        ctx.catalog().reader().read(CatalogTable.RUNS, RUN_COLUMNS, r -> pid.equals(r.string("product"))).stream()
            .map(Publications.Entry::of)
            .toList();
    List<Publications.Publication> line = Publications.line(runs);
    if (line.size() < 2) {
      throw new MeshException(
          ErrorKind.INVALID,
          "Cannot roll back " + pid + ": it has " + (line.isEmpty() ? "never been published" : "one publication only ("
              + describe(line.get(0)) + "), nothing before it") + ". Nothing changed.");
    }
    Publications.Publication current = line.get(line.size() - 1);
    int to;
    if (toRun == null) {
      to = line.size() - 2;
    } else {
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < line.size(); i++) {
        if (line.get(i).run().runId().startsWith(toRun)) {
          matches.add(i);
        }
      }
      if (matches.size() != 1 || matches.get(0) == line.size() - 1) {
        String why = matches.isEmpty()
            ? "run " + toRun + " is not among its publications (withdrawn by an earlier rollback, not published, or another"
                + " product's run)"
            : matches.size() > 1 ? "'" + toRun + "' starts the ids of " + matches.size() + " runs: give more of it"
            : "run " + toRun + " published the current rows already";
        throw new MeshException(ErrorKind.INVALID, "Cannot roll back " + pid + ": " + why + ". Its publications, newest first: "
            + String.join("; ", newestFirst(line).stream().limit(8).map(ProductRollback::describe).toList())
            + (line.size() > 8 ? "; ..." : "") + ". Nothing changed.");
      }
      to = matches.get(0);
    }
    return new Target(current, line.get(to), List.copyOf(line.subList(to + 1, line.size())));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  private static String withoutPeriod(String message) {
    String m = message == null ? "" : message.strip();
    while (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m;
  }

  private static List<Publications.Publication> newestFirst(List<Publications.Publication> line) {
    List<Publications.Publication> out = new ArrayList<>(line);
    java.util.Collections.reverse(out);
    return out;
  }

  /** E.g. {@code run 6f1c2a9e for 1995-06-02 (version 4)}. */
  public static String describe(Publications.Publication p) {
    Publications.Entry run = p.run();
    return (run.runId().startsWith(ID_PREFIX) ? run.runId() : "run " + shortId(run.runId())) + " for " + run.logicalDate()
        + " (version " + p.version() + ")";
  }

  /** A run id as the commands print it: the first 8 characters of a UUID (a unique prefix {@code mesh logs} takes). */
  public static String shortId(String runId) {
    return runId.length() > 8 && !runId.startsWith(ID_PREFIX) ? runId.substring(0, 8) : runId;
  }

  private Outcome rollBack(ProductDescriptor product, String id, Instant started, Target t, String reason) {
    OutputPorts.Tables tables = OutputPorts.of(product);
    TableStore store = ctx.tables().forFormat(product.output().format());
    SparkSession session = ctx.spark().newSession();
    SparkSession.setActiveSession(session);
    long target = t.to().version();
    List<String> differences = ContractCheck.differences(store.read(session, tables.internal(), target).schema(), product.schema());
    if (!differences.isEmpty()) {
      throw new MeshException(
          ErrorKind.INVALID,
          "Cannot roll back " + product.id() + " to " + describe(t.to()) + ": its rows do not keep the product's declared "
              + "contract (" + String.join("; ", differences) + "): the declaration changed since. Roll the declaration "
              + "back with it (e.g. git revert) and validate, or pick a later run with --to-run. Nothing changed.");
    }
    long before = store.currentVersion(tables.internal()).orElseThrow();
    long version;
    try {
      version = store.restore(session, tables.internal(), target);
    } catch (RuntimeException | LinkageError e) {
      // A restore is one commit: when it fails, nothing was committed.
      throw new MeshException(
          ErrorKind.FAILED,
          "Cannot roll back " + product.id() + " to " + describe(t.to()) + ": that version could not be restored ("
              + withoutPeriod(MeshErrors.rootMessage(e)) + "). A version superseded longer ago than the product's retention ("
              + dev.mesh.render.Durations.declared(ctx.config().platform().retentionOf(product)) + ") loses its files to mesh"
              + " maintain. Nothing changed: " + product.id() + " keeps its current version.", e);
    }
    if (tables.separate()) {
      rewritePort(session, store, product, tables, version, before);
    }
    LOG.info("{} of {} made {}'s rows current again as version {}; withdrawn: {}; reason: {}", id, product.id(), describe(t.to()),
        version, t.withdrawn().stream().map(ProductRollback::describe).toList(), reason == null ? "(none given)" : reason);
    Publications.Entry restored = t.to().run();
    RunResult result =
        new RunResult(id, product.id(), restored.logicalDate(), RunStatus.ROLLED_BACK, started, ctx.clock().instant(), 0, version,
            null, null, Map.of());
    // From here the tables are rolled back: what fails now is said as such, never as "nothing changed".
    List<Reader> readers = List.of();
    String error = null;
    try {
      recorder.recordRollback(product, result, restored.runId(), reason);
    } catch (RuntimeException e) {
      error = "Rolled back, but could not record it in the catalog: " + withoutPeriod(MeshErrors.rootMessage(e))
          + ". mesh status shows the withdrawn run until the product's next run.";
    }
    try {
      readers = readers(product, t.withdrawn());
    } catch (RuntimeException e) {
      LOG.warn("{} of {}: the readers of the withdrawn versions could not be read", id, product.id(), e);
      error = (error == null ? "Rolled back" : error) + "; the products that read a withdrawn version could not be found in"
          + " mesh.lineage (" + withoutPeriod(MeshErrors.rootMessage(e)) + ").";
    }
    Outcome done = new Outcome(product.id(), id, t.from(), t.to(), t.withdrawn(), version, readers, error, error == null ? null : ErrorKind.FAILED);
    if (error == null) {
      notify(product, result, done, reason);
    }
    return done;
  }

  /** Tells the listeners (alerts) of a recorded rollback; a listener that fails is logged, never the rollback's failure. */
  private void notify(ProductDescriptor product, RunResult result, Outcome done, String reason) {
    try {
      notifyListeners(product, result, done, reason);
    } catch (RuntimeException e) {
      LOG.warn("{} of {}: its listeners could not be told", done.id(), product.id(), e);
    }
  }

  private void notifyListeners(ProductDescriptor product, RunResult result, Outcome done, String reason) {
    java.util.Map<ProductDescriptor, List<LocalDate>> readers = new java.util.LinkedHashMap<>();
    for (Reader r : done.readers()) {
      ctx.config().find(r.product()).ifPresent(d -> readers.put(d, r.dates()));
    }
    String summary = product.id() + " was rolled back to " + describe(done.to()) + ", now version " + done.version() + ": "
        + dev.mesh.render.Plural.count(done.withdrawn().size(), "publication") + " withdrawn ("
        + String.join(", ", done.withdrawn().stream().map(ProductRollback::describe).toList()) + ")"
        + (reason == null ? "" : "; reason: " + reason)
        + (done.readers().isEmpty() ? "." : "; read by " + String.join(", ", done.readers().stream()
            .map(r -> r.product() + " (" + String.join(", ", r.dates().stream().map(String::valueOf).toList()) + ")").toList()) + ".");
    RunListener.RolledBack event = new RunListener.RolledBack(product, result, summary, readers, done.rerun());
    for (RunListener l : ctx.listeners()) {
      try {
        l.onRollback(event);
      } catch (Exception e) {
        LOG.warn("run listener {} failed: {}", l.getClass().getSimpleName(), MeshErrors.rootMessage(e));
      }
    }
  }

  /**
   * The output port as the restored clear rows make it: the same rows, PII handled, in one overwrite. If it fails the
   * clear table is set back to {@code before}, and the failure thrown.
   */
  private void rewritePort(SparkSession session, TableStore store, ProductDescriptor product, OutputPorts.Tables tables, long clear, long before) {
    ProductId port = tables.port().orElseThrow();
    OutputSpec whole = new OutputSpec(product.output().format(), WriteMode.OVERWRITE, product.output().partitionedBy(), List.of());
    try {
      store.write(port, PiiMasking.forPort(store.read(session, tables.internal(), clear), product, ctx.piiKey()), whole, CommitRetry.ONCE);
    } catch (RuntimeException | LinkageError e) {
      try {
        store.restore(session, tables.internal(), before);
      } catch (RuntimeException | LinkageError undo) {
        e.addSuppressed(undo);
        throw new MeshException(ErrorKind.FAILED,
            "Rolled back " + tables.internal() + " but could not rewrite its output port " + port + " (" + MeshErrors.rootMessage(e)
                + "), nor set " + tables.internal() + " back to version " + before + " (" + MeshErrors.rootMessage(undo)
                + "): run mesh rollback again, or the product's next run rewrites both.", e);
      }
      throw new MeshException(ErrorKind.FAILED,
          "Not rolled back: could not rewrite the output port " + port + " (" + MeshErrors.rootMessage(e) + "); "
              + tables.internal() + " was set back to the rows of version " + before + ". Nothing changed for readers.", e);
    }
  }

  /**
   * The products whose succeeded runs read a withdrawn version, by the versions {@code mesh.lineage} recorded: a
   * product's clear table by version; an output port (whose versions {@code mesh.runs} does not hold) by time, every
   * run recorded after the first withdrawn run started (it may have read it).
   */
  private List<Reader> readers(ProductDescriptor product, List<Publications.Publication> withdrawn) {
    if (withdrawn.isEmpty()) {
      return List.of();
    }
    String pid = product.id().toString();
    String clear = OutputPorts.of(product).internal().toString();
    Set<Long> versions = new java.util.HashSet<>();
    withdrawn.forEach(p -> versions.addAll(p.versions()));
    Instant since = withdrawn.get(0).run().startedAt();
    Map<String, Set<LocalDate>> dates = new TreeMap<>();
    for (CatalogRow r : ctx.catalog().reader().read(CatalogTable.LINEAGE, LINEAGE_COLUMNS,
        r -> "table".equals(r.string("level")) && pid.equals(r.string("input")) && "succeeded".equals(r.string("status")))) {
      String table = r.string("input_table");
      boolean read = table == null || table.equals(clear)
          ? versions.contains(r.longValue("input_version"))
          : since != null && r.instant("recorded_at") != null && !r.instant("recorded_at").isBefore(since);
      if (read && r.date("logical_date") != null) {
        dates.computeIfAbsent(r.string("product"), k -> new TreeSet<>()).add(r.date("logical_date"));
      }
    }
    List<Reader> out = new ArrayList<>();
    dates.forEach((reader, days) -> out.add(new Reader(ProductId.parse(reader), List.copyOf(days))));
    return out;
  }
}
