package dev.mesh.runtime;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Told when a product's run starts and ends: lineage, metrics and notifications plug in here. A listener that
 * throws never fails the run; the runner reports the problem and carries on.
 */
public interface RunListener {

  default void onStart(RunStarted event) {}

  default void onFinish(RunFinished event) {}

  /**
   * A product selected by an invocation did not run (skipped because an upstream run failed, a failure drill, a
   * crash); its outcome is recorded. Lineage has nothing to say of it; alerts do.
   */
  default void onNotRun(RunFinished event) {}

  /**
   * A product was rolled back ({@code mesh rollback}) and the rollback recorded: an earlier run's rows are current
   * again. Alerts tell its owner and the owners of the products that read a withdrawn version.
   */
  default void onRollback(RolledBack event) {}

  /**
   * A product was held ({@code mesh hold}, {@code mesh rollback --hold}) or released ({@code mesh release}) and it was
   * recorded. Alerts tell its owner and the owners of the products that read it.
   */
  default void onHold(HoldChanged event) {}

  /**
   * Rows this listener records in the catalog for a run. The runner commits them together with the run's own
   * records (one commit per table, the tables concurrently), before {@link #onFinish}, so a listener adds no commit
   * of its own to the run's time. {@code ended.result()} is the run's outcome as it is about to be recorded.
   */
  default List<CatalogRows> catalogRows(RunFinished ended) {
    return List.of();
  }

  /**
   * Rows for one catalog table; {@code onFailure} is told (with a message) if they could not be committed, which
   * never fails the run.
   */
  record CatalogRows(CatalogTable table, List<org.apache.spark.sql.Row> rows, Consumer<String> onFailure) {}

  /** A run has started (before planning). */
  record RunStarted(String runId, ProductDescriptor product, LocalDate logicalDate, Instant at) {}

  /**
   * A run has ended, published or not.
   *
   * @param inputs the inputs as read (with the exact upstream versions); empty if the run failed before reading
   * @param output the transform's output as checked and written (its analyzed plan gives column lineage); null if
   *     the run failed before the transform produced it
   * @param outputLocation where the table lives; null when nothing was published
   */
  record RunFinished(
      RunStarted start, RunResult result, List<ResolvedInput> inputs, Dataset<Row> output, String outputLocation) {}

  /**
   * A recorded rollback.
   *
   * @param result its {@code mesh.runs} row (status rolled-back, the restored run's logical date, the version now current)
   * @param summary what happened, in one sentence: the run restored, the publications withdrawn, the reason
   * @param readers each product whose runs read a withdrawn version (declared ones), with those runs' logical dates
   * @param rerun the command that runs the product and its readers for the withdrawn dates, once it is right again
   */
  record RolledBack(
      ProductDescriptor product, RunResult result, String summary, java.util.Map<ProductDescriptor, List<LocalDate>> readers,
      String rerun) {}

  /**
   * A recorded hold, or its release.
   *
   * @param hold the hold: the one now in force, or the one {@code releaseId} lifted
   * @param releaseId the release's {@code mesh.runs} row, or null for a hold
   * @param releaseReason the reason the release gave, or null
   * @param readers the declared products that read it (directly): while it is held they run on its current rows
   * @param version its current table version (what its readers read while it is held), or null when none is published
   */
  record HoldChanged(
      ProductDescriptor product, dev.mesh.catalog.Holds.Hold hold, String releaseId, String releaseReason,
      List<ProductDescriptor> readers, Long version) {
    public HoldChanged {
      readers = List.copyOf(readers);
    }

    public boolean released() {
      return releaseId != null;
    }
  }
}
