package dev.mesh.catalog;

import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.runtime.RunResult;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/** Writes what a run did into the catalog tables: the run, the product's version, and the quality outcomes. */
public final class RunRecorder {
  private final CatalogStore catalog;

  public RunRecorder(CatalogStore catalog) {
    this.catalog = catalog;
  }

  public void record(ProductDescriptor product, String location, RunResult run) {
    if (run.succeeded()) {
      recordProductVersion(product, location, run.endedAt());
    }
    catalog.append(CatalogTable.RUNS, List.of(runRow(product, run)));
    catalog.append(CatalogTable.QUALITY, qualityRows(run));
  }

  /** Appends a {@code mesh.products} row unless this exact descriptor version is already recorded. */
  void recordProductVersion(ProductDescriptor d, String location, Instant when) {
    String hash = DescriptorJson.hash(d);
    long known =
        catalog.read(CatalogTable.PRODUCTS)
            .where(functions.col("id").equalTo(d.id().toString()).and(functions.col("descriptor_hash").equalTo(hash)))
            .limit(1)
            .count();
    if (known > 0) {
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
  }

  private static String inputName(InputSpec in) {
    if (in instanceof InputSpec.ProductInput p) {
      return p.product().toString();
    }
    return "source:" + ((InputSpec.SourceInput) in).type();
  }

  private static Row runRow(ProductDescriptor d, RunResult r) {
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
        scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<>(r.timingsMs())));
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
