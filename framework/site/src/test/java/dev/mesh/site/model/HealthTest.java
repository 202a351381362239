package dev.mesh.site.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A product's health on the site after {@code mesh rollback}: as fresh as the rows it made current again. */
class HealthTest {
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final Duration SLA = Duration.ofHours(26);

  private static RunRecord run(String id, String status, Duration ago, Long version, String restored) {
    Instant end = NOW.minus(ago);
    return new RunRecord(id, "s.p", "1.0.0", LocalDate.of(2026, 1, 9), status, end.minusSeconds(5), end, 5000L, 0L, version,
        null, null, restored);
  }

  @Test
  void aRollbackIsAsFreshAsTheRunItRestoredAndIsNotAFailure() {
    RunRecord old = run("r1", "succeeded", Duration.ofHours(30), 1L, null);
    RunRecord recent = run("r2", "succeeded", Duration.ofHours(2), 2L, null);
    RunRecord failed = run("r3", "failed", Duration.ofHours(1), null, null);
    RunRecord back = run("rollback-1", "rolled-back", Duration.ofMinutes(5), 3L, "r1");

    assertThat(Health.of(List.of(failed, recent, old), SLA, NOW)).isEqualTo(Health.FAILING);
    // Back to r1's rows, published 30 hours ago: late against 26 hours, though the rollback ran minutes ago.
    assertThat(Health.of(List.of(back, failed, recent, old), SLA, NOW)).isEqualTo(Health.LATE);
    assertThat(RunRecord.published(List.of(back, failed, recent, old)).version()).isEqualTo(3L);
    RunRecord toRecent = run("rollback-2", "rolled-back", Duration.ofMinutes(5), 3L, "r2");
    assertThat(Health.of(List.of(toRecent, failed, recent, old), SLA, NOW)).isEqualTo(Health.FRESH);
  }
}
