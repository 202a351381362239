package dev.mesh.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A service just started is judged by whether its process runs, not by its command line: until {@code setsid} and
 * {@code java} are exec'd the command line is another program's, and a start that read it then was reported as "its
 * process ended while starting" (seen in CI when S3Proxy was restarted under load).
 */
class DaemonsTest {
  @Test
  void aProcessWhoseCommandLineIsNotYetTheServiceIsStartingButNotTheService() throws Exception {
    // A live process without the service's marker, as a JVM is for the moment between fork and exec.
    Process p = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(Daemons.starting(p.pid())).isTrue();
      assertThat(Daemons.alive(p.pid(), Stack.S3PROXY)).as("not the service: its pid may be another program's").isFalse();
    } finally {
      p.destroyForcibly().waitFor();
    }
    assertThat(Daemons.starting(p.pid())).as("ended").isFalse();
  }
}
