package dev.mesh.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.errors.ErrorKind;
import dev.mesh.runtime.RunStatus;
import org.junit.jupiter.api.Test;

/** Exit codes exist only on the command line: every run status and error kind maps to the documented code. */
class ExitCodeTest {

  @Test
  void everyRunStatusHasItsDocumentedCode() {
    assertThat(ExitCode.of(RunStatus.SUCCEEDED).code()).isZero();
    assertThat(ExitCode.of(RunStatus.FAILED).code()).isEqualTo(1);
    assertThat(ExitCode.of(RunStatus.SKIPPED).code()).isEqualTo(1);
    assertThat(ExitCode.of(RunStatus.BUSY).code()).isEqualTo(1);
    assertThat(ExitCode.of(RunStatus.REFUSED).code()).isEqualTo(2);
    assertThat(ExitCode.of(RunStatus.BLOCKED).code()).isEqualTo(3);
    assertThat(ExitCode.of(RunStatus.INPUT_MISSING).code()).isEqualTo(4);
  }

  @Test
  void everyErrorKindHasItsDocumentedCodeAndRunStatus() {
    assertThat(ExitCode.of(ErrorKind.INVALID).code()).isEqualTo(2);
    assertThat(ExitCode.of(ErrorKind.REFUSED).code()).isEqualTo(2);
    assertThat(ExitCode.of(ErrorKind.QUALITY_BLOCKED).code()).isEqualTo(3);
    assertThat(ExitCode.of(ErrorKind.INPUT_MISSING).code()).isEqualTo(4);
    assertThat(ExitCode.of(ErrorKind.FAILED).code()).isEqualTo(1);
    assertThat(ExitCode.of(ErrorKind.BUSY).code()).isEqualTo(1);
    assertThat(RunStatus.of(ErrorKind.BUSY)).isEqualTo(RunStatus.BUSY);
    // A failure that stops a run gives the status whose code is the kind's (a config error inside a run: failed).
    for (ErrorKind k : ErrorKind.values()) {
      ExitCode viaStatus = ExitCode.of(RunStatus.of(k));
      assertThat(viaStatus).as(k.name()).isEqualTo(k == ErrorKind.INVALID ? ExitCode.RUN_FAILED : ExitCode.of(k));
    }
  }

  @Test
  void severalRunsExitWithTheMostSevereCode() {
    assertThat(ExitCode.worst(ExitCode.RUN_FAILED, ExitCode.QUALITY_BLOCKED)).isEqualTo(ExitCode.QUALITY_BLOCKED);
    assertThat(ExitCode.worst(ExitCode.INPUT_MISSING_OR_STALE, ExitCode.QUALITY_BLOCKED)).isEqualTo(ExitCode.INPUT_MISSING_OR_STALE);
    assertThat(ExitCode.worst(ExitCode.BAD_USAGE_OR_CONFIG, ExitCode.INPUT_MISSING_OR_STALE)).isEqualTo(ExitCode.BAD_USAGE_OR_CONFIG);
    assertThat(ExitCode.worst(ExitCode.SUCCESS, ExitCode.SUCCESS)).isEqualTo(ExitCode.SUCCESS);
  }
}
