package dev.mesh.runtime;

import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.governance.SchemaChange;
import dev.mesh.governance.SchemaCompatibility;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.WriteMode;
import dev.mesh.quality.QualityReport;
import dev.mesh.quality.Rule;
import dev.mesh.storage.TableStore;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * What a run of a product would change, changing nothing: the candidate computed as the run computes it (its plan,
 * then {@link CandidateStages}: read, transform, contract, quality) and compared ({@link TableDiff}) with the rows its
 * write would replace in the published table. No lease is taken, nothing is written or recorded, no listener hears of
 * it: a domain engineer sees what a changed transform or declaration does to the data before it is published.
 *
 * <p>What the write replaces depends on the product's write mode: the whole table ({@code overwrite}), the published
 * rows of the partitions the candidate writes ({@code overwrite-partitions}), the published rows whose merge keys the
 * candidate has ({@code merge}, which removes none), nothing ({@code append}, which adds every row). Rows are matched
 * on the merge keys, else on the columns of the product's first {@code unique} rule, else compared whole.
 */
public final class ProductDiff {
  /** What a sample shows for a {@code pii} column's value: compare them with {@code mesh sql} where you may read them. */
  public static final String PII_HIDDEN = "(pii)";

  private final MeshContext ctx;
  private final RunPlanner planner;
  private final CandidateStages stages;

  public ProductDiff(MeshContext ctx) {
    this.ctx = ctx;
    this.planner = new RunPlanner(ctx);
    this.stages = new CandidateStages(ctx);
  }

  /**
   * One product's preview.
   *
   * @param plan the run's plan; null when the product would not run (refused, an input missing, no transform)
   * @param status what the run would end with: {@link RunStatus#SUCCEEDED} when it would publish
   * @param error why it would not publish; null when it would
   * @param replaces which published rows the write would replace, in words; null without a candidate
   * @param quarantined the rows an {@code on-failure = quarantine} rule would set aside (not in {@code rows})
   * @param schema how the candidate's columns differ from the published table's (types and names; empty when the same
   *     or never published)
   * @param rows the comparison; null when no candidate was computed (the run would fail before its quality check)
   */
  public record Preview(
      ProductDescriptor product,
      LocalDate logicalDate,
      RunPlan plan,
      RunStatus status,
      String error,
      String replaces,
      long quarantined,
      QualityReport quality,
      List<SchemaChange> schema,
      TableDiff.Result rows) {
    public Preview {
      schema = List.copyOf(schema);
    }

    public boolean wouldPublish() {
      return status == RunStatus.SUCCEEDED;
    }
  }

  /** Previews a run of {@code product} for {@code logicalDate}, keeping up to {@code sampleRows} rows of each change. */
  public Preview preview(ProductDescriptor product, LocalDate logicalDate, int sampleRows) {
    String runId = "diff-" + UUID.randomUUID();
    SparkSession session = ctx.spark().newSession();
    SparkSession.setActiveSession(session);
    session.sparkContext().setJobGroup(runId, "mesh diff " + product.id() + " " + logicalDate, false);
    TableStore store = ctx.tables().forFormat(product.output().format());
    CandidateStages.Candidate computed = new CandidateStages.Candidate();
    RunPlan plan = null;
    try {
      plan = planner.plan(product, logicalDate);
      stages.compute(session, plan, store, runId, new StageTimer(), new Cancellation(), computed);
      QualityReport report = computed.checked.report();
      String blocked =
          report.blocksPublication()
              ? MeshErrors.qualityBlocked(product.id(), QualityReports.describeFailures(report)).getMessage()
              : null;
      long quarantined = computed.checked.quarantinedRows();
      Dataset<Row> candidate = computed.checked.publishable();
      Replaced replaced = replaced(session, store, plan, candidate);
      Set<String> pii =
          product.schema().columns().stream().filter(ColumnSpec::pii).map(ColumnSpec::name).collect(Collectors.toSet());
      TableDiff.Result rows = TableDiff.compare(replaced.rows(), candidate, replaced.key(), sampleRows, pii, PII_HIDDEN);
      return new Preview(
          product, logicalDate, plan, blocked == null ? RunStatus.SUCCEEDED : RunStatus.BLOCKED, blocked,
          replaced.words(), quarantined, report, replaced.schema(), rows);
    } catch (MeshException e) {
      return notComputed(product, logicalDate, plan, RunStatus.of(e.kind()), e.getMessage(), computed);
    } catch (Exception | LinkageError e) {
      // Spark's checked exceptions come undeclared from Scala: whatever fails a run fails its preview.
      return notComputed(
          product, logicalDate, plan, RunStatus.FAILED, MeshErrors.transformFailed(product.id(), e).getMessage(), computed);
    } finally {
      computed.release();
      session.sparkContext().clearJobGroup();
    }
  }

  private static Preview notComputed(
      ProductDescriptor product, LocalDate date, RunPlan plan, RunStatus status, String error,
      CandidateStages.Candidate computed) {
    QualityReport report = computed.checked == null ? null : computed.checked.report();
    return new Preview(product, date, plan, status, error, null, 0, report, List.of(), null);
  }

  /** The published rows a write of {@code candidate} would replace, the key to match them on, and the schema's changes. */
  private record Replaced(Dataset<Row> rows, List<String> key, String words, List<SchemaChange> schema) {}

  private Replaced replaced(SparkSession session, TableStore store, RunPlan plan, Dataset<Row> candidate) {
    ProductDescriptor product = plan.product();
    WriteMode mode = plan.target().mode();
    List<String> key = mode == WriteMode.MERGE ? product.output().mergeKeys() : uniqueKey(plan.rules());
    Long version = plan.target().currentVersion();
    if (version == null) {
      Dataset<Row> none = session.createDataFrame(List.of(), candidate.schema());
      return new Replaced(none, key, "none: " + product.id() + " is not published yet, so every row is new", List.of());
    }
    Dataset<Row> published = store.read(session, plan.target().table(), version);
    List<SchemaChange> schema = SchemaCompatibility.changes(columns(published.schema()), columns(candidate.schema()));
    String at = " of version " + version;
    return switch (mode) {
      case OVERWRITE -> new Replaced(published, key, "the whole table" + at + " (overwrite)", schema);
      case APPEND -> new Replaced(published.limit(0), List.of(), "none (append adds every row)", schema);
      case MERGE -> new Replaced(
          semiJoin(published, candidate, key), key,
          "the rows" + at + " with the candidate's merge keys (" + String.join(", ", key) + "); a merge removes none",
          schema);
      case OVERWRITE_PARTITIONS -> {
        List<String> parts = product.output().partitionedBy();
        yield new Replaced(
            semiJoin(published, candidate, parts), key,
            "the rows" + at + " in the partitions the candidate writes (" + String.join(", ", parts) + ")", schema);
      }
    };
  }

  /** The published rows whose {@code columns} the candidate has (NULL matching NULL). */
  private static Dataset<Row> semiJoin(Dataset<Row> published, Dataset<Row> candidate, List<String> columns) {
    Dataset<Row> values =
        candidate.select(columns.stream().map(c -> functions.col(c).as("__value_" + c)).toArray(Column[]::new)).distinct();
    Column on = functions.lit(true);
    for (String c : columns) {
      on = on.and(published.col(c).eqNullSafe(values.col("__value_" + c)));
    }
    return published.join(values, on, "left_semi");
  }

  /** The columns of the product's first {@code unique} rule: what identifies a row. */
  private static List<String> uniqueKey(List<Rule> rules) {
    return rules.stream().filter(Rule.Unique.class::isInstance).map(r -> ((Rule.Unique) r).columns()).findFirst().orElse(List.of());
  }

  /** A table's columns by name and type; nullability left out (formats store it differently from the contract). */
  private static List<ColumnSpec> columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(f -> new ColumnSpec(f.name(), f.dataType().simpleString(), true, null, false))
        .toList();
  }
}
