package dev.mesh.site.model;

import dev.mesh.runtime.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A product's health at a glance, from its last run and its freshness SLA, worst first: a last run blocked by a
 * quality rule, a last run that failed (or did not run: input missing, refused, skipped), a last success older than
 * the freshness SLA, never run, else fresh.
 */
public enum Health {
  BLOCKED,
  FAILING,
  LATE,
  NEVER_RUN,
  FRESH;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The CSS class and data value: {@code blocked}, {@code never-run}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @param runs the product's runs, newest first
   * @param maxAge its freshness SLA, or null
   * @param asOf the instant freshness is judged at
   */
  public static Health of(List<RunRecord> runs, Duration maxAge, Instant asOf) {
    // A run refused because another run held the product's lease says nothing about the product itself; a hold or its
    // release (mesh hold) is not a run.
    RunRecord last = runs.stream().filter(r -> !"busy".equals(r.status()) && r.isRun()).findFirst().orElse(null);
    if (last == null) {
      return NEVER_RUN;
    }
    if ("blocked".equals(last.status())) {
      return BLOCKED;
    }
    if (!last.succeeded() && !last.rolledBack()) {
      return FAILING;
    }
    // As fresh as the rows readers read: after a rollback, those of the run it restored, published when it ended.
    dev.mesh.catalog.Publications.Publication published = RunRecord.published(runs);
    Instant lastSuccess = published == null ? null : published.run().endedAt();
    return Freshness.of(maxAge, lastSuccess, asOf) == Freshness.Status.LATE ? LATE : FRESH;
  }
}
