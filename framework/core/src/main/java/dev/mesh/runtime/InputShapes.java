package dev.mesh.runtime;

import dev.mesh.api.SourceConnector;
import dev.mesh.config.MeshConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.OutputPorts;
import dev.mesh.governance.PiiKey;
import dev.mesh.governance.PiiMasking;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.SchemaContract;
import dev.mesh.source.SourceConnectors;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A transform's inputs with the columns a run would give it, and no data: each upstream product as an empty Dataset of
 * its contract (of its output port's columns where the port is what this product's domain reads: PII hashed, masked
 * or dropped), each source as the Dataset its connector returns, unread. What {@link TransformAnalysis} plans against
 * and what {@link TransformTests} fills with a test's rows.
 */
final class InputShapes {
  /** The {@code ${run_id}} a transform sees when it runs without a run (no run is recorded). */
  static final String NO_RUN_ID = "00000000-0000-0000-0000-000000000000";

  private final MeshConfig config;
  private final SourceConnectors sources;

  InputShapes(MeshConfig config, SourceConnectors sources) {
    this.config = config;
    this.sources = sources;
  }

  /** An upstream product as this product's domain would read it, empty; none when it may not read it. */
  Optional<ResolvedInput> product(SparkSession session, ProductDescriptor product, InputSpec.ProductInput in) {
    ProductDescriptor upstream = config.product(in.product().toString());
    Optional<ProductId> table = OutputPorts.readBy(upstream, product.id().domain());
    if (table.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> rows = session.createDataFrame(List.of(), struct(upstream.schema()));
    if (!table.get().equals(OutputPorts.of(upstream).internal())) {
      // The port's columns: PII hashed, masked or dropped as the upstream declares. No row is hashed, so any key does.
      rows = PiiMasking.forPort(rows, upstream, () -> PiiKey.of("shape only: no row is hashed"));
    }
    return Optional.of(new ResolvedInput(in.alias(), upstream.id(), table.get(), null, null, rows));
  }

  /** A source as its connector returns it for the date: a Dataset of which Spark reads no row here. */
  ResolvedInput source(SparkSession session, ProductDescriptor product, InputSpec.SourceInput in, LocalDate logicalDate) {
    SourceConnector connector =
        sources
            .find(in.type())
            .orElseThrow(() -> MeshErrors.unknownSource(product.id(), in.alias(), in.type(), sources.types()));
    var request =
        new SourceConnector.SourceRequest(session, product.id().toString(), in.alias(), in.options(), logicalDate);
    return new ResolvedInput(in.alias(), null, null, null, in.type(), connector.read(request));
  }

  /** A contract's columns as a Spark schema. */
  static StructType struct(SchemaContract contract) {
    StructType out = new StructType();
    for (ColumnSpec c : contract.columns()) {
      out = out.add(new StructField(c.name(), DataType.fromDDL(c.type()), c.nullable(), Metadata.empty()));
    }
    return out;
  }
}
