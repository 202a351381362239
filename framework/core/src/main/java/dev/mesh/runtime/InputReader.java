package dev.mesh.runtime;

import dev.mesh.api.SourceConnector;
import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.storage.TableStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Reads a plan's inputs: upstream products at the versions the plan pinned, sources through their connectors. */
final class InputReader {
  private final MeshContext ctx;

  InputReader(MeshContext ctx) {
    this.ctx = ctx;
  }

  Map<String, ResolvedInput> read(SparkSession session, RunPlan plan) {
    ProductDescriptor product = plan.product();
    Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
    for (RunPlan.Input in : plan.inputs()) {
      if (in.pending()) {
        throw new IllegalArgumentException(
            "Cannot run a plan of " + product.id() + " whose input " + in.product() + " is not pinned yet: plan it when its turn comes");
      }
      if (!in.isSource()) {
        ProductDescriptor upstream = ctx.config().product(in.product().toString());
        TableStore store = ctx.tables().forFormat(upstream.output().format());
        // The table the plan chose: the upstream's port (PII handled) outside its domain, its clear table inside.
        var data = store.read(session, in.stored(), in.version());
        inputs.put(in.alias(), new ResolvedInput(in.alias(), in.product(), in.stored(), in.version(), null, data));
      } else {
        SourceConnector connector =
            ctx.sources()
                .find(in.table())
                .orElseThrow(() -> MeshErrors.unknownSource(product.id(), in.alias(), in.table(), ctx.sources().types()));
        var request =
            new SourceConnector.SourceRequest(session, product.id().toString(), in.alias(), in.options(), plan.logicalDate());
        inputs.put(in.alias(), new ResolvedInput(in.alias(), null, null, null, in.table(), connector.read(request)));
      }
    }
    return inputs;
  }
}
