package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh stack} on a stack that is not up (the services themselves are tested in framework/stack): env prints
 * nothing a shell would evaluate, down says there is nothing to stop, status shows every service stopped.
 */
class StackCommandTest {
  @TempDir Path home;

  @Test
  void envOfAStackThatIsNotUpPrintsNothingOnStdoutAndFails() {
    Cli.Result r = Cli.run(home, "stack", "env");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("mesh: The stack in " + home.resolve("stack").toAbsolutePath().normalize() + " is not up: run 'bin/mesh stack up'");
  }

  @Test
  void downOfAStackThatIsNotUpSaysSo() {
    Cli.Result r = Cli.run(home, "stack", "down");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("The stack is not up (" + home.resolve("stack").toAbsolutePath().normalize() + "): nothing to stop.");
  }

  @Test
  void statusListsEveryServiceStoppedAndExitsOne() {
    Cli.Result r = Cli.run(home, "stack", "status", "--state-dir", home.resolve("elsewhere").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("postgres", "iceberg-rest", "hive-metastore", home.resolve("elsewhere/logs/postgres.log").toString());
    assertThat(r.out()).doesNotContain("running");
  }
}
