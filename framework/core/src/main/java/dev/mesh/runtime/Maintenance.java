package dev.mesh.runtime;

import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.governance.OutputPorts;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.storage.TableStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A product's storage kept to its retention ({@code output.retention}, else {@code mesh.storage.retention}): each of
 * its tables (the clear table, its output port, its quarantine table) gives up the files that only versions
 * superseded longer ago need ({@link TableStore#expire}). It holds the product's lease meanwhile, so no run of the
 * product writes while files are deleted (a run that tries is refused, {@code busy}, naming this maintenance), and
 * the current version of every table stays as its last run published it.
 */
public final class Maintenance {
  /** The run id prefix of a maintenance's lease holder: a maintenance that died holding a lease records no run. */
  public static final String HOLDER_PREFIX = "maintenance-";

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final MeshContext ctx;

  public Maintenance(MeshContext ctx) {
    this.ctx = ctx;
  }

  /** What happened to one table of a product. */
  public record TableOutcome(ProductId table, String role, long filesDeleted) {}

  /**
   * One product's maintenance: its tables, or why it was not done ({@code error}: another run held the lease, the
   * store failed).
   */
  public record Outcome(ProductId product, Duration retention, List<TableOutcome> tables, String error, boolean busy) {
    public boolean ok() {
      return error == null;
    }

    /** {@code done}, {@code busy} (a run held the product) or {@code failed}. */
    public String status() {
      return ok() ? "done" : busy ? "busy" : "failed";
    }

    public long filesDeleted() {
      return tables.stream().mapToLong(TableOutcome::filesDeleted).sum();
    }
  }

  /** Whether a lease holder is a maintenance rather than a run (see {@link #HOLDER_PREFIX}). */
  static boolean isMaintenance(LeaseHolder holder) {
    return holder.runId().startsWith(HOLDER_PREFIX);
  }

  /** Expires {@code product}'s tables to its retention; never throws for the product's own failures. */
  public Outcome maintain(ProductDescriptor product) {
    Duration retention = ctx.config().platform().retentionOf(product);
    Instant now = ctx.clock().instant();
    String holder = HOLDER_PREFIX + UUID.randomUUID();
    TableStore store = ctx.tables().forFormat(product.output().format());
    List<TableOutcome> done = new ArrayList<>();
    try (ProductLeases.Lease lease =
        ctx.leases().acquire(product.id(), LeaseHolder.of(holder, product.id(), LocalDate.ofInstant(now, ZoneOffset.UTC), now))) {
      OutputPorts.Tables tables = OutputPorts.of(product);
      // Each of the product's tables, by its role.
      java.util.Map<ProductId, String> roles = new java.util.LinkedHashMap<>();
      roles.put(tables.internal(), tables.separate() ? "clear" : "product");
      tables.port().filter(port -> tables.separate()).ifPresent(port -> roles.put(port, "output port"));
      roles.put(OutputPorts.quarantineOf(product.id()), "quarantine");
      for (java.util.Map.Entry<ProductId, String> t : roles.entrySet()) {
        if (store.exists(t.getKey())) {
          long files = store.expire(t.getKey(), retention);
          LOG.info("{} {}: {} files that only versions older than its retention ({}) needed deleted", product.id(), t.getKey(), files,
              dev.mesh.render.Durations.declared(retention));
          done.add(new TableOutcome(t.getKey(), t.getValue(), files));
        }
      }
      return new Outcome(product.id(), retention, done, null, false);
    } catch (MeshException e) {
      boolean busy = e.kind() == dev.mesh.errors.ErrorKind.BUSY;
      // The lease's refusal is worded for a run ("Not run: another run of X is in progress (...)").
      String error = busy ? "Not maintained: " + e.getMessage().replaceFirst("^Not run: ", "") : e.getMessage();
      return new Outcome(product.id(), retention, done, error, busy);
    } catch (RuntimeException e) {
      LOG.warn("maintenance of {} failed", product.id(), e);
      return new Outcome(product.id(), retention, done, MeshErrors.rootMessage(e), false);
    }
  }
}
