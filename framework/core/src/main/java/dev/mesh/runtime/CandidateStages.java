package dev.mesh.runtime;

import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.storage.TableStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stages of a run that compute its candidate from its plan: read the pinned inputs, check their freshness, apply
 * the transform, check the contract and conform to it, verify quality (marking the rows a rule quarantines). A run
 * ({@link ProductRunner}) publishes what they produce; a preview ({@link ProductDiff}) compares it with the published
 * table and writes nothing. Both go through these stages, so a preview computes exactly what the run would.
 */
final class CandidateStages {
  private final InputReader inputs;
  private final QualityGate gate;

  CandidateStages(MeshContext ctx) {
    this.inputs = new InputReader(ctx);
    this.gate = new QualityGate(ctx);
  }

  /** What the stages produced, filled as they go: a stage that fails leaves what came before it (lineage, cleanup). */
  static final class Candidate {
    Map<String, ResolvedInput> read = Map.of();
    /** The transform's output; once the contract is checked, conformed to it. */
    Dataset<Row> output;
    /** The verified candidate; null until the quality stage ends. */
    QualityGate.Checked checked;
    /** Whether the transform read the product's own published table ({@code ctx.published()}). */
    boolean readOwnTable;

    /** Releases the candidate's cache; safe to call at any stage. */
    void release() {
      if (checked != null) {
        checked.cached().unpersist(false);
      }
    }
  }

  /** Runs the stages in order into {@code into}; throws as the first stage that fails does. */
  void compute(
      SparkSession session, RunPlan plan, TableStore store, String runId, StageTimer timer, Cancellation cancellation,
      Candidate into) {
    ProductDescriptor product = plan.product();
    into.read = timer.time("read", () -> inputs.read(session, plan));
    Map<String, ResolvedInput> read = into.read;
    if (!product.sla().freshness().inputs().isEmpty()) {
      timer.time("freshness", () -> Freshness.checkInputs(product, read, plan.logicalDate()));
    }
    cancellation.check();
    into.output =
        timer.time(
            "transform",
            () ->
                plan.transform().prepared().apply(
                    session, product, read, plan.logicalDate(), runId,
                    // The product's own table as it was when the run was planned.
                    () -> {
                      into.readOwnTable = true;
                      return Optional.ofNullable(plan.target().currentVersion())
                          .map(v -> store.read(session, plan.target().table(), v));
                    }));
    Dataset<Row> transformed = into.output;
    into.output =
        timer.time(
            "contract",
            () -> {
              List<String> diff = ContractCheck.differences(transformed.schema(), product.schema());
              if (!diff.isEmpty()) {
                throw MeshErrors.contractViolation(product.id(), diff);
              }
              return ContractCheck.conform(transformed, product.schema());
            });
    cancellation.check();
    // The candidate is computed once: verified from the cache, then written (or compared) from the same cache.
    Dataset<Row> conformed = into.output;
    into.checked = timer.time("quality", () -> gate.check(session, plan, conformed, runId));
  }
}
