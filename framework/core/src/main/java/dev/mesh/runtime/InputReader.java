package dev.mesh.runtime;

import dev.mesh.api.SourceConnector;
import dev.mesh.errors.MeshErrors;
import dev.mesh.governance.PiiMasking;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.storage.TableStore;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Reads a product's inputs: upstream products pinned to their current version, sources through connectors. */
final class InputReader {
  private final MeshContext ctx;

  InputReader(MeshContext ctx) {
    this.ctx = ctx;
  }

  /** Fails with exit code 4 when an upstream product was never published. */
  void checkAvailable(ProductDescriptor product) {
    for (InputSpec in : product.inputs()) {
      if (in instanceof InputSpec.ProductInput p) {
        TableStore store = ctx.tables().forFormat(ctx.config().product(p.product().toString()).output().format());
        if (!store.exists(p.product())) {
          throw MeshErrors.inputMissing(product.id(), p.alias(), p.product());
        }
      } else if (in instanceof InputSpec.SourceInput s && ctx.sources().find(s.type()).isEmpty()) {
        throw MeshErrors.unknownSource(product.id(), s.alias(), s.type(), ctx.sources().types());
      }
    }
  }

  Map<String, ResolvedInput> read(SparkSession session, ProductDescriptor product, LocalDate logicalDate) {
    Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
    for (InputSpec in : product.inputs()) {
      if (in instanceof InputSpec.ProductInput p) {
        TableStore store = ctx.tables().forFormat(ctx.config().product(p.product().toString()).output().format());
        long version =
            store.currentVersion(p.product())
                .orElseThrow(() -> MeshErrors.inputMissing(product.id(), p.alias(), p.product()));
        // Outside the owning domain, PII columns arrive only in their declared handled form.
        var data =
            PiiMasking.forReader(
                store.read(session, p.product(), version), ctx.config().product(p.product().toString()), product.domain());
        inputs.put(p.alias(), new ResolvedInput(p.alias(), p.product(), version, null, data));
      } else if (in instanceof InputSpec.SourceInput s) {
        SourceConnector connector =
            ctx.sources()
                .find(s.type())
                .orElseThrow(() -> MeshErrors.unknownSource(product.id(), s.alias(), s.type(), ctx.sources().types()));
        var request =
            new SourceConnector.SourceRequest(
                session, product.id().toString(), s.alias(), ctx.sources().options(s.type(), s.options()), logicalDate);
        inputs.put(s.alias(), new ResolvedInput(s.alias(), null, null, s.type(), connector.read(request)));
      }
    }
    return inputs;
  }
}
