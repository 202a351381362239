package dev.mesh.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductId;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last line of {@code mesh run}: what ran, what a hold kept back (no run), and the exit code. */
class RunSummaryTest {
  private static final Instant AT = Instant.parse("2024-06-01T00:00:00Z");

  private static RunResult result(String product, RunStatus status) {
    return new RunResult("r-" + product, ProductId.parse(product), LocalDate.of(2024, 6, 1), status, AT, AT, 0, null, null,
        status == RunStatus.SUCCEEDED ? null : status.label(), Map.of());
  }

  private static String lastLine(RunStatus... statuses) {
    List<RunResult> results = Arrays.stream(statuses).map(s -> result("d.p" + s.ordinal(), s)).toList();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), results, false, false);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void aHeldProductIsCountedApartFromTheRuns() {
    assertThat(lastLine(RunStatus.SUCCEEDED, RunStatus.HELD))
        .isEqualTo("1 of 1 runs succeeded; 1 held, not run (mesh release lets it run). Exit code 0.");
    assertThat(lastLine(RunStatus.HELD))
        .isEqualTo("Nothing ran: 1 held, not run (mesh release lets it run). Exit code 0.");
    assertThat(lastLine(RunStatus.FAILED, RunStatus.HELD, RunStatus.SKIPPED))
        .isEqualTo("0 of 2 runs succeeded (1 failed, 1 skipped); 1 held, not run (mesh release lets it run). Exit code 1 (run failed).");
  }

  @Test
  void withoutHoldsTheLineCountsEveryRun() {
    assertThat(lastLine(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED)).isEqualTo("2 of 2 runs succeeded. Exit code 0.");
    assertThat(lastLine(RunStatus.SUCCEEDED, RunStatus.BLOCKED))
        .isEqualTo("1 of 2 runs succeeded (1 succeeded, 1 blocked). Exit code 3 (quality blocked).");
  }
}
