package dev.mesh.runtime;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.catalog.DescriptorJson;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.quality.RuleOutcome;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;

/** Writes what a run did into the catalog tables: the run, the product's version, and the quality outcomes. */
public final class RunRecorder {
  /**
   * Where the concurrent appends run. Not the common fork-join pool: it has one thread on a 2-core machine, which
   * would queue the appends of a run (and of concurrent runs) behind each other.
   */
  private static final java.util.concurrent.ExecutorService APPENDS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mesh-catalog-append");
            t.setDaemon(true);
            return t;
          });

  private final CatalogStore catalog;
  private final java.util.function.Function<String, String> logOf;

  /** A recorder whose {@code mesh.runs} rows name no log file. */
  public RunRecorder(CatalogStore catalog) {
    this(catalog, runId -> null);
  }

  /** @param logOf where a run's log is, by run id ({@link RunLogs#path}), recorded in {@code mesh.runs.log} */
  public RunRecorder(CatalogStore catalog, java.util.function.Function<String, String> logOf) {
    this.catalog = catalog;
    this.logOf = logOf;
  }

  /**
   * Records a run: its {@code mesh.runs} row, its quality outcomes, and the product's descriptor if this version is
   * new, plus the rows listeners add ({@code alongside}). The appends go to different tables, so they are committed
   * concurrently. A failure of the run's own records is thrown; a failure of a listener's rows goes to its handler.
   */
  public void record(
      SparkSession session, ProductDescriptor product, String location, RunResult run, List<RunListener.CatalogRows> alongside) {
    JobProperties jobs = JobProperties.of(session);
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (RunListener.CatalogRows rows : alongside) {
      others.add(
          CompletableFuture.runAsync(
              () -> {
                jobs.apply(session);
                try {
                  catalog.append(rows.table(), rows.rows());
                } catch (RuntimeException e) {
                  rows.onFailure().accept(
                      "could not record " + rows.table().qualifiedName() + ": " + dev.mesh.errors.MeshErrors.rootMessage(e));
                }
              },
              APPENDS));
    }
    CompletableFuture<Void> quality =
        CompletableFuture.runAsync(
            () -> {
              jobs.apply(session);
              catalog.append(CatalogTable.QUALITY, qualityRows(run));
            },
            APPENDS);
    CompletableFuture<Void> version =
        !run.succeeded()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(
                () -> {
                  jobs.apply(session);
                  recordProductVersion(product, location, run.endedAt());
                },
                APPENDS);
    RuntimeException failure = null;
    try {
      catalog.append(CatalogTable.RUNS, List.of(runRow(product, run, logOf.apply(run.runId()))));
    } catch (RuntimeException e) {
      failure = e;
    }
    // Every append is waited for, also when one failed: none is still writing when the run is reported.
    for (CompletableFuture<Void> append : List.of(quality, version)) {
      try {
        append.join();
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    others.forEach(CompletableFuture::join); // each handles its own failure
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The calling run's Spark job properties (its FAIR pool and job group), carried to the append threads: pooled
   * threads would otherwise keep whatever the run that created them had.
   */
  private record JobProperties(java.util.Map<String, String> values) {
    private static final List<String> KEYS =
        List.of("spark.scheduler.pool", "spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel");

    static JobProperties of(SparkSession session) {
      java.util.Map<String, String> v = new java.util.HashMap<>();
      for (String k : KEYS) {
        v.put(k, session.sparkContext().getLocalProperty(k));
      }
      return new JobProperties(v);
    }

    void apply(SparkSession session) {
      SparkSession.setActiveSession(session);
      for (String k : KEYS) {
        session.sparkContext().setLocalProperty(k, values.get(k));
      }
    }
  }

  /** {@link #record(SparkSession, ProductDescriptor, String, RunResult, List)} with no listener rows. */
  public void record(SparkSession session, ProductDescriptor product, String location, RunResult run) {
    record(session, product, location, run, List.of());
  }

  /** Appends a {@code mesh.products} row unless this exact descriptor version is already recorded. */
  void recordProductVersion(ProductDescriptor d, String location, Instant when) {
    String hash = DescriptorJson.hash(d);
    if (catalog.knownDescriptorHashes().contains(d.id() + "@" + hash)) {
      return;
    }
    Row row =
        RowFactory.create(
            d.id().toString(),
            d.domain(),
            d.id().name(),
            d.version(),
            d.owner() == null ? null : d.owner().team(),
            d.owner() == null ? null : d.owner().contact(),
            d.description(),
            d.output().format().label(),
            d.output().mode().label(),
            location,
            DescriptorJson.schema(d.schema()).toString(),
            DescriptorJson.sla(d.sla()).toString(),
            scalaList(d.inputs().stream().map(RunRecorder::inputName).toList()),
            scalaList(d.tags()),
            d.schedule(),
            hash,
            Timestamp.from(when));
    catalog.append(CatalogTable.PRODUCTS, List.of(row));
    catalog.knownDescriptorHashes().add(d.id() + "@" + hash);
  }

  private static String inputName(InputSpec in) {
    if (in instanceof InputSpec.ProductInput p) {
      return p.product().toString();
    }
    return "source:" + ((InputSpec.SourceInput) in).type();
  }

  /**
   * Records a rollback ({@code mesh rollback}): its {@code mesh.runs} row (status {@code rolled-back}, the version now
   * current, the run whose version it made current again, the reason given). No quality, version or lineage rows: it
   * checked and read nothing new.
   */
  public void recordRollback(ProductDescriptor product, RunResult rollback, String restoredRun, String reason) {
    catalog.append(CatalogTable.RUNS, List.of(runRow(product, rollback, logOf.apply(rollback.runId()), restoredRun, reason)));
  }

  /** A hold's or release's row: {@code lifted} names the hold a release lifts. */
  public record HoldRow(ProductDescriptor product, RunResult result, String lifted, String reason) {}

  /**
   * Records holds or their releases ({@code mesh hold}, {@code mesh release}), in one commit of {@code mesh.runs}: a row
   * each (status {@code held} or {@code released}, the version current then, the reason given; a release names the hold
   * it lifts in {@code restored_run}). Not runs: nothing else.
   */
  public void recordHolds(List<HoldRow> holds) {
    catalog.append(CatalogTable.RUNS, holds.stream().map(h -> runRow(h.product(), h.result(), null, h.lifted(), h.reason())).toList());
  }

  private static Row runRow(ProductDescriptor d, RunResult r, String log) {
    return runRow(d, r, log, null, null);
  }

  private static Row runRow(ProductDescriptor d, RunResult r, String log, String restoredRun, String reason) {
    return RowFactory.create(
        r.runId(),
        r.product().toString(),
        d.version(),
        r.logicalDate() == null ? null : Date.valueOf(r.logicalDate()),
        r.status().label(),
        Timestamp.from(r.startedAt()),
        Timestamp.from(r.endedAt()),
        r.duration().toMillis(),
        r.rowsWritten(),
        r.tableVersion(),
        r.quality() == null || r.quality().outcomes().isEmpty() ? null : r.quality().summary(),
        r.error(),
        scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<>(r.timingsMs())),
        scalaList(r.warnings()),
        r.drill(),
        log,
        restoredRun,
        reason);
  }

  private static List<Row> qualityRows(RunResult r) {
    List<Row> rows = new ArrayList<>();
    if (r.quality() == null) {
      return rows;
    }
    Timestamp now = Timestamp.from(r.endedAt());
    for (RuleOutcome o : r.quality().outcomes()) {
      rows.add(
          RowFactory.create(
              r.runId(),
              r.product().toString(),
              r.logicalDate() == null ? null : Date.valueOf(r.logicalDate()),
              o.rule(),
              o.kind(),
              o.metric(),
              o.value(),
              o.threshold(),
              o.severity().label(),
              o.status().label(),
              o.message(),
              r.tableVersion(),
              now));
    }
    return rows;
  }

  private static scala.collection.Seq<String> scalaList(List<String> list) {
    return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
  }
}
