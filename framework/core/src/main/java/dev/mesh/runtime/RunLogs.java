package dev.mesh.runtime;

import dev.mesh.config.PlatformConfig;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Where a run's log goes. While a product runs, its thread's log lines carry the run id and the product in the
 * logging context (SLF4J MDC keys {@value #RUN} and {@value #PRODUCT}); bin/log4j2.properties routes every line that
 * carries a run id to {@code <mesh.home>/logs/runs/<run-id>.log}, the path {@code mesh.runs.log} records and
 * {@code mesh logs <run-id>} prints.
 */
public final class RunLogs {
  /** The MDC key of the run id. */
  public static final String RUN = "mesh.run";
  /** The MDC key of the product id. */
  public static final String PRODUCT = "mesh.product";
  /** The MDC key of the logical date. */
  public static final String DATE = "mesh.date";

  private RunLogs() {}

  /** The log file of a run, as bin/log4j2.properties writes it. */
  public static Path path(PlatformConfig platform, String runId) {
    return platform.home().resolve("logs").resolve("runs").resolve(runId + ".log");
  }

  /** A thread's logging context while it works for a run; closing it restores what was there before. */
  interface Context extends AutoCloseable {
    @Override
    void close();
  }

  /** Puts a run into the calling thread's logging context; the returned handle restores what was there. */
  static Context enter(String runId, String product, java.time.LocalDate date) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    MDC.put(RUN, runId);
    MDC.put(PRODUCT, product);
    MDC.put(DATE, String.valueOf(date));
    return () -> {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    };
  }
}
