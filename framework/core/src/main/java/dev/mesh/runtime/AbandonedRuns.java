package dev.mesh.runtime;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs whose process died while they ran ({@code kill -9}, out of memory, a lost machine): such a run records no
 * outcome, and its product's lease still names it when the next run of the product takes the lease ({@link
 * ProductLeases.Lease#abandoned()}). That run records it failed, once (not when {@code mesh.runs} already holds a row
 * of its run id), so that {@code mesh status}, {@code mesh logs} and the catalog site show it instead of the outcome
 * before it, and tells the run listeners (its alert: the product's next success resolves it). Never fails the run that
 * found it.
 */
final class AbandonedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);

  private AbandonedRuns() {}

  /** What {@code mesh.runs.error} says of a run that died, found by the run {@code foundBy} at {@code at}. */
  static String message(LeaseHolder dead, String foundBy, Instant at) {
    return "Run " + dead.runId() + " of " + dead.product() + " for " + dead.logicalDate() + " ended without an outcome: its"
        + " process (pid " + dead.pid() + " on " + dead.host() + ", running since " + dead.since().truncatedTo(ChronoUnit.SECONDS)
        + ") stopped while it held the product's lease (kill -9, out of memory, a lost machine). Found by run " + foundBy
        + " at " + at.truncatedTo(ChronoUnit.SECONDS) + ". Its table's history shows whether it published a version before"
        + " it stopped.";
  }

  /**
   * Records {@code dead} failed unless {@code mesh.runs} has it already; returns what was recorded, for the listeners
   * (its alert), or empty when nothing was.
   */
  static Optional<RunResult> record(
      MeshContext ctx, RunRecorder recorder, SparkSession session, ProductDescriptor product, LeaseHolder dead, String foundBy) {
    if (Maintenance.isMaintenance(dead)) {
      // A maintenance (mesh maintain) is not a run: nothing of it belongs in mesh.runs.
      LOG.warn("maintenance {} of {} ended without releasing the lease (pid {} on {})", dead.runId(), product.id(), dead.pid(), dead.host());
      return Optional.empty();
    }
    try {
      boolean recorded =
          !ctx.catalog().reader().read(CatalogTable.RUNS, List.of("run_id"), r -> dead.runId().equals(r.string("run_id"))).isEmpty();
      if (recorded) {
        return Optional.empty();
      }
      Instant now = ctx.clock().instant();
      String error = message(dead, foundBy, now);
      LOG.warn("{}", error);
      RunResult died =
          new RunResult(dead.runId(), product.id(), dead.logicalDate(), RunStatus.FAILED, dead.since(), now, 0, null, null, error, Map.of());
      recorder.record(session, product, null, died, List.of());
      return Optional.of(died);
    } catch (RuntimeException e) {
      LOG.warn("could not record the run {} of {} that ended without an outcome: {}", dead.runId(), product.id(), MeshErrors.rootMessage(e));
      return Optional.empty();
    }
  }
}
