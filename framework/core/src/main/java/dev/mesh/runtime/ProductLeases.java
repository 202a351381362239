package dev.mesh.runtime;

import dev.mesh.model.ProductId;

/**
 * The lease a run holds on its product while it runs, so that two runs of one product (whatever their dates) never
 * run at once: the second is refused at once, naming the first ({@code busy}, exit 1), instead of racing it to the
 * table. {@link FileLeases} serves a warehouse on a local disk (every process of the machine); a shared deployment
 * plugs in its own through {@code dev.mesh.core.Mesh#leases}.
 */
public interface ProductLeases {
  /**
   * Takes {@code product}'s lease for the run {@code holder} describes.
   *
   * @throws dev.mesh.errors.MeshException of kind {@code BUSY} naming the run that holds it
   *     ({@link dev.mesh.errors.MeshErrors#runInProgress}), or {@code FAILED} if the lease cannot be taken at all
   */
  Lease acquire(ProductId product, LeaseHolder holder);

  /** A lease held, until {@link #close()}. */
  interface Lease extends AutoCloseable {
    /**
     * The run that held this lease last and never released it: its process died holding it ({@code kill -9}, out of
     * memory, a lost machine), so it recorded no outcome. Empty when the lease was released as it should be.
     */
    default java.util.Optional<LeaseHolder> abandoned() {
      return java.util.Optional.empty();
    }

    /** Releases the lease; never throws, and does nothing the second time. */
    @Override
    void close();
  }

  /** No leases: two runs of one product at once are then serialized only by the table formats' commit conflicts. */
  ProductLeases NONE = (product, holder) -> () -> {};
}
