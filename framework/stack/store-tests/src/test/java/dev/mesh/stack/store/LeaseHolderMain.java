package dev.mesh.stack.store;

import dev.mesh.config.LeaseConfig;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.LeaseHolder;
import dev.mesh.runtime.PostgresLeases;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A process that takes one product's PostgreSQL lease ({@code args: url user product}, the password from
 * {@code MESH_PG_PASSWORD}), prints {@code held}, and keeps it until it is killed.
 */
public final class LeaseHolderMain {
  private LeaseHolderMain() {}

  public static void main(String[] args) throws InterruptedException {
    PostgresLeases leases =
        PostgresLeases.of(new LeaseConfig(LeaseConfig.Type.POSTGRES, args[0], args[1], "MESH_PG_PASSWORD"), System.getenv());
    ProductId product = ProductId.parse(args[2]);
    leases.acquire(product, LeaseHolder.of("holder-run", product, LocalDate.of(2024, 3, 1), Instant.now()));
    System.out.println("held");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
