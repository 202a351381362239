package dev.mesh.runtime;

import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.quality.QualityReport;
import dev.mesh.storage.CommitRetry;
import dev.mesh.governance.OutputPorts;
import dev.mesh.governance.PiiMasking;
import dev.mesh.storage.TableStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one product for one logical date: plan ({@link RunPlanner}), then execute the plan — read, transform, check
 * the contract, verify quality on the candidate, set quarantined rows aside, publish in one atomic commit, record. A
 * failure at any stage publishes nothing, leaves the previous version current, and is recorded with its status.
 *
 * <p>Publication order: rows failing a quarantining rule are committed to the quarantine table (tagged with the run
 * id) <em>before</em> the product's commit, so no product version is ever published without its quarantined rows,
 * and a run is never recorded failed after its product was published. A run that fails between the two commits
 * leaves quarantine rows tagged with a run that {@code mesh.runs} records as failed, and the product unchanged.
 *
 * <p>A run holds its product's lease ({@link ProductLeases}) from before planning until its table work is done: a
 * run of the same product started meanwhile, in this process or another, is refused at once and recorded
 * {@code busy}, naming the run in progress.
 */
public final class ProductRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProductRunner.class);

  private final MeshContext ctx;
  private final RunPlanner planner;
  private final CandidateStages stages;
  private final RunRecorder recorder;
  private final Cancellation cancellation;

  public ProductRunner(MeshContext ctx) {
    this(ctx, new Cancellation());
  }

  /** A runner whose runs stop when {@code cancellation} is asked to (a process told to stop). */
  public ProductRunner(MeshContext ctx, Cancellation cancellation) {
    this.ctx = ctx;
    this.cancellation = cancellation;
    this.planner = new RunPlanner(ctx);
    this.stages = new CandidateStages(ctx);
    this.recorder = new RunRecorder(ctx.catalog(), runId -> RunLogs.path(ctx.config().platform(), runId).toString());
  }

  /** Plans and runs the product; never throws for a run that failed (the result says how it ended and why). */
  public RunResult run(ProductDescriptor product, LocalDate logicalDate) {
    return execute(product, logicalDate, null);
  }

  /** Runs a plan made beforehand (by {@link RunPlanner}); never throws for a run that failed. */
  public RunResult run(RunPlan plan) {
    return execute(plan.product(), plan.logicalDate(), plan);
  }

  private RunResult execute(ProductDescriptor product, LocalDate logicalDate, RunPlan given) {
    String runId = UUID.randomUUID().toString();
    // Every line this thread logs during the run carries its id and product (RunLogs).
    try (RunLogs.Context logContext = RunLogs.enter(runId, product.id().toString(), logicalDate)) {
      return execute(product, logicalDate, given, runId);
    }
  }

  private RunResult execute(ProductDescriptor product, LocalDate logicalDate, RunPlan given, String runId) {
    LOG.info("run {} of {} for {} started", runId, product.id(), logicalDate);
    Instant started = ctx.clock().instant();
    StageTimer timer = new StageTimer();
    TableStore store = ctx.tables().forFormat(product.output().format());
    // Each run has its own session (shared SparkContext and catalogs): input views of concurrent runs never clash.
    SparkSession session = ctx.spark().newSession();
    SparkSession.setActiveSession(session);
    session.sparkContext().setJobGroup(runId, "mesh run " + product.id() + " " + logicalDate, false);
    RunListener.RunStarted startedEvent = new RunListener.RunStarted(runId, product, logicalDate, started);
    notify(l -> l.onStart(startedEvent));
    CandidateStages.Candidate computed = new CandidateStages.Candidate();
    QualityReport report = null;
    RunStatus status = RunStatus.SUCCEEDED;
    String error = null;
    long rows = 0;
    Long version = null;
    List<String> warnings = new java.util.ArrayList<>();
    ProductLeases.Lease lease = null;
    boolean publishing = false;
    try {
      cancellation.enter(runId, session.sparkContext());
      // Before planning: what the plan pins (the product's own version) must not move under another run of it.
      lease = ctx.leases().acquire(product.id(), LeaseHolder.of(runId, product.id(), logicalDate, started));
      lease.abandoned()
          .flatMap(dead -> AbandonedRuns.record(ctx, recorder, session, product, dead, runId))
          .ifPresent(died -> notifyNotRun(product, died));
      RunPlan plan = given != null ? given : timer.time("plan", () -> planner.plan(product, logicalDate));
      // Warnings do not stop a run; they are printed with it and recorded on it (mesh.runs.warnings).
      plan.warnings().stream().filter(v -> !v.blocking()).map(v -> v.policy() + ": " + v.message() + ". " + v.fix()).forEach(warnings::add);
      cancellation.check();
      stages.compute(session, plan, store, runId, timer, cancellation, computed);
      QualityGate.Checked checked = computed.checked;
      report = checked.report();
      if (report.blocksPublication()) {
        throw MeshErrors.qualityBlocked(product.id(), QualityReports.describeFailures(report));
      }
      Dataset<Row> publishable = checked.publishable();
      // The verification counted the rows in its scan; only a product without rules pays a job for the count.
      java.util.OptionalLong counted = report.rows();
      rows = counted.isPresent() ? counted.getAsLong() : timer.time("count", () -> publishable.count());
      // From here the run publishes: a request to stop lets it finish (see Cancellation).
      cancellation.publish(runId);
      publishing = true;
      if (checked.quarantined() != null) {
        // Before the product's commit: a published version always has its quarantined rows (see the class doc).
        timer.time("quarantine", () -> store.append(OutputPorts.quarantineOf(product.id()), checked.quarantined(), true));
      }
      CommitRetry retry = computed.readOwnTable ? CommitRetry.ONCE : CommitRetry.PRODUCTS;
      long written = timer.time("write", () -> store.write(plan.target().table(), publishable, product.output(), retry));
      if (plan.target().port() != null) {
        timer.time("port", () -> publishPort(store, plan, publishable, retry));
      }
      // Published only once both tables are: a failed port write rolled the clear table back.
      version = written;
    } catch (MeshException e) {
      status = RunStatus.of(e.kind());
      error = e.getMessage();
      if (!publishing && cancellation.reason().isPresent()) {
        // What the stop broke (a cancelled job, an interrupted read, quality metrics not computed) says less, and a
        // verification cut short is no quality result to record.
        status = RunStatus.FAILED;
        error = cancellation.cancelled().getMessage();
        report = null;
      }
    } catch (Exception | LinkageError e) {
      // Spark's SparkException is checked but thrown undeclared from Scala: catch everything a run can raise.
      status = RunStatus.FAILED;
      if (!publishing && cancellation.reason().isPresent()) {
        error = cancellation.cancelled().getMessage();
        report = null;
      } else {
        error = MeshErrors.transformFailed(product.id(), e).getMessage();
        LOG.warn("run {} of {} failed", runId, product.id(), e);
      }
    } finally {
      cancellation.leave(runId);
      computed.release();
      session.sparkContext().clearJobGroup();
      if (lease != null) {
        lease.close();
      }
    }
    Map<String, Long> timings = timer.snapshot();
    RunResult result =
        new RunResult(
            runId, product.id(), logicalDate, status, started, ctx.clock().instant(), status == RunStatus.SUCCEEDED ? rows : 0,
            version, report, error, timings, warnings);
    long recordStart = System.nanoTime();
    // The version recorded is that of the product's clear table (its only table without a separate port).
    String location = status == RunStatus.SUCCEEDED ? store.location(OutputPorts.of(product).internal()) : null;
    List<RunListener.CatalogRows> alongside =
        listenerRows(new RunListener.RunFinished(startedEvent, result, List.copyOf(computed.read.values()), computed.output, location));
    RunResult recorded;
    try {
      recorder.record(session, product, location, result, alongside);
      recorded = withRecordTiming(result, recordStart, result.status(), result.error());
    } catch (RuntimeException e) {
      // The table is published; losing the record must not hide that, but it must be said.
      String recordError = "could not record the run in the catalog: " + MeshErrors.rootMessage(e);
      recorded = withRecordTiming(result, recordStart, RunStatus.FAILED, join(result.error(), recordError));
    }
    if (recorded.succeeded()) {
      LOG.info("run {} of {} for {} succeeded: version {}, {} rows", runId, product.id(), logicalDate, recorded.tableVersion(), recorded.rowsWritten());
    } else {
      LOG.warn("run {} of {} for {} ended {}: {}", runId, product.id(), logicalDate, recorded.status().label(), recorded.error());
    }
    RunListener.RunFinished finished =
        new RunListener.RunFinished(startedEvent, recorded, List.copyOf(computed.read.values()), computed.output, location);
    notify(l -> l.onFinish(finished));
    return recorded;
  }

  /**
   * Writes the output port after the clear table: the same rows, the same write mode, PII in its handled form. If it
   * fails, the clear table is rolled back to the version it had before the run, so that a failed run leaves both
   * tables as they were and no port version ever exists without its clear version.
   */
  private long publishPort(TableStore store, RunPlan plan, Dataset<Row> publishable, CommitRetry retry) {
    ProductDescriptor product = plan.product();
    try {
      return store.write(plan.target().port(), PiiMasking.forPort(publishable, product, ctx.piiKey()), product.output(), retry);
    } catch (RuntimeException | LinkageError e) {
      String undoError = null;
      try {
        store.rollback(plan.target().table(), plan.target().currentVersion());
      } catch (RuntimeException | LinkageError undo) {
        e.addSuppressed(undo);
        undoError = MeshErrors.rootMessage(undo);
      }
      throw MeshErrors.portNotWritten(
          product.id(), plan.target().port(), plan.target().table(), plan.target().currentVersion(), e, undoError);
    }
  }

  /**
   * Records the outcome of a product that did not run (skipped because an upstream run failed, a failure drill):
   * every product an invocation selected has its row in {@code mesh.runs}, so the latest outcome is never hidden
   * behind an older success. A recording failure is reported on the result, never thrown.
   */
  public RunResult recordNotRun(ProductDescriptor product, RunResult result) {
    // Its one log line goes to the file mesh.runs.log names, like a run's.
    try (RunLogs.Context logContext = RunLogs.enter(result.runId(), product.id().toString(), result.logicalDate())) {
      LOG.warn("run {} of {} for {} not run ({}): {}", result.runId(), product.id(), result.logicalDate(), result.status().label(), result.error());
      return recordAndNotify(product, result);
    }
  }

  private RunResult recordAndNotify(ProductDescriptor product, RunResult result) {
    RunResult recorded;
    try {
      recorder.record(ctx.spark(), product, null, result);
      recorded = result;
    } catch (RuntimeException e) {
      recorded =
          new RunResult(
              result.runId(), result.product(), result.logicalDate(), result.status(), result.startedAt(),
              result.endedAt(), 0, null, null,
              join(result.error(), "could not record the run in the catalog: " + MeshErrors.rootMessage(e)),
              result.timingsMs(), result.warnings());
    }
    notifyNotRun(product, recorded);
    return recorded;
  }

  /**
   * Listeners hear of a recorded run that did not run here (alerts on a skipped run, a drill, a run whose process
   * died), as of a run that ended before reading anything.
   */
  private void notifyNotRun(ProductDescriptor product, RunResult recorded) {
    RunListener.RunStarted start =
        new RunListener.RunStarted(recorded.runId(), product, recorded.logicalDate(), recorded.startedAt());
    RunListener.RunFinished finished = new RunListener.RunFinished(start, recorded, List.of(), null, null);
    notify(l -> l.onNotRun(finished));
  }

  /** What the listeners record with the run (lineage rows): committed together with the run's own records. */
  private List<RunListener.CatalogRows> listenerRows(RunListener.RunFinished ended) {
    List<RunListener.CatalogRows> rows = new java.util.ArrayList<>();
    for (RunListener l : ctx.listeners()) {
      try {
        rows.addAll(l.catalogRows(ended));
      } catch (RuntimeException e) {
        LOG.warn("run listener {} failed: {}", l.getClass().getSimpleName(), MeshErrors.rootMessage(e));
      }
    }
    return rows;
  }

  private void notify(java.util.function.Consumer<RunListener> call) {
    for (RunListener l : ctx.listeners()) {
      try {
        call.accept(l);
      } catch (Exception e) {
        // Exception, not RuntimeException: Scala code (Delta, Spark) throws checked IOExceptions undeclared, e.g.
        // s3a's AWSClientIOException when the store is down, and a listener must never end the run it listens to.
        LOG.warn("run listener {} failed: {}", l.getClass().getSimpleName(), MeshErrors.rootMessage(e));
      }
    }
  }

  private static RunResult withRecordTiming(RunResult r, long recordStart, RunStatus status, String error) {
    Map<String, Long> timings = new java.util.LinkedHashMap<>(r.timingsMs());
    timings.put("record", (System.nanoTime() - recordStart) / 1_000_000);
    return new RunResult(
        r.runId(), r.product(), r.logicalDate(), status, r.startedAt(), r.endedAt(), r.rowsWritten(), r.tableVersion(),
        r.quality(), error, timings, r.warnings());
  }

  /** Two parts of an error as one line: {@code ...The previous version stays published; could not record ...}. */
  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return (a.endsWith(".") ? a.substring(0, a.length() - 1) : a) + "; " + b;
  }
}
