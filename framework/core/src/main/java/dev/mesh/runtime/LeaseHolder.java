package dev.mesh.runtime;

import dev.mesh.model.ProductId;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;

/**
 * Who holds a product's lease: the run (id, product, logical date) and where it runs (host, process id, since
 * when), so that a refused run can name it.
 */
public record LeaseHolder(String runId, ProductId product, LocalDate logicalDate, String host, long pid, Instant since) {
  private static final String HOST = localHost();

  /** The run {@code runId} of this process, started at {@code since}. */
  public static LeaseHolder of(String runId, ProductId product, LocalDate logicalDate, Instant since) {
    return new LeaseHolder(runId, product, logicalDate, HOST, ProcessHandle.current().pid(), since);
  }

  /**
   * E.g. {@code run 6f1c... for 1995-06-04, on host etl-1, pid 4242, since 2024-06-04T03:00:12Z}, or {@code maintenance
   * (mesh maintain), on host ...} for a {@link Maintenance}, {@code rollback-... (mesh rollback), on host ...} for a
   * {@link ProductRollback}.
   */
  public String describe() {
    String who = Maintenance.isMaintenance(this) ? "maintenance (mesh maintain)"
        : ProductRollback.isRollback(this) ? runId + " (mesh rollback)"
        : "run " + runId + " for " + logicalDate;
    return who + ", on host " + host + ", pid " + pid + ", since " + since.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Why a run of {@code product} is refused while this holder holds its lease at {@code lease}. */
  public dev.mesh.errors.MeshException refusal(ProductId product, String lease) {
    if (Maintenance.isMaintenance(this)) {
      return dev.mesh.errors.MeshErrors.maintenanceInProgress(product, describe(), lease);
    }
    return ProductRollback.isRollback(this)
        ? dev.mesh.errors.MeshErrors.rollbackInProgress(product, describe(), lease)
        : dev.mesh.errors.MeshErrors.runInProgress(product, describe(), lease);
  }

  /**
   * Whether the holder's process runs on this machine now: a lease whose lock is free yet names such a holder was
   * released but not cleared (its file or row could not be emptied), not abandoned by a process that died.
   */
  public boolean aliveHere() {
    return HOST.equals(host) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** As written into a lease file: Java properties, one per line. */
  public String format() {
    return "run-id=" + runId + "\nproduct=" + product + "\nlogical-date=" + logicalDate + "\nhost=" + host + "\npid=" + pid
        + "\nsince=" + since + "\n";
  }

  /** What {@link #format()} wrote; empty when the text is not (yet) a whole holder. */
  public static Optional<LeaseHolder> parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
      return Optional.of(
          new LeaseHolder(
              required(p, "run-id"),
              ProductId.parse(required(p, "product")),
              LocalDate.parse(required(p, "logical-date")),
              required(p, "host"),
              Long.parseLong(required(p, "pid")),
              Instant.parse(required(p, "since"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // Half written (the holder writes it right after taking the lock), or not ours.
      return Optional.empty();
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("no " + key);
    }
    return v.strip();
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown" : env;
    }
  }
}
