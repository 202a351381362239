package dev.mesh.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that cannot start: one line naming it, why (its log's last cause) and its log, and nothing of the stack left
 * running; a test's stack keeps its logs in target/failed-stacks/. Services whose ports another process took before
 * they could bind them are started again on others.
 */
class StackFailureTest {
  @TempDir Path tmp;

  @Test
  void aServiceThatCannotStartIsNamedWithItsLogAndTheRestIsStopped() throws Exception {
    dev.mesh.stack.testing.SharedStack.assumeAvailable();
    Path classpaths = Files.createDirectory(tmp.resolve("classpaths"));
    // The REST server's classpath holds nothing: its JVM ends at once (ClassNotFoundException).
    Files.writeString(classpaths.resolve("iceberg-rest.classpath"), tmp.resolve("missing.jar").toString());
    Files.writeString(classpaths.resolve("hive-metastore.classpath"), ServiceClasspath.of("hive-metastore"));
    Path state = Files.createDirectory(tmp.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Stack stack = Stack.in(state);
    System.setProperty("mesh.stack.classpath.dir", classpaths.toString());
    // As the tests' shared stacks start (FailedStacks.up): the logs outlive the stack's temporary directory.
    Path kept = Path.of("target", "failed-stacks", state.getFileName().toString()).toAbsolutePath();
    try {
      assertThatThrownBy(() -> dev.mesh.stack.testing.FailedStacks.up(stack))
          .isInstanceOf(StackException.class)
          .hasMessage("Cannot start the Iceberg REST catalog server: its process ended while starting"
              + " (java.lang.ClassNotFoundException: org.apache.iceberg.rest.RESTCatalogServer); see "
              + state.resolve("logs/iceberg-rest.log") + " [the stack's logs are kept in " + kept + "]");
      assertThat(Files.readString(state.resolve("logs/iceberg-rest.log"))).contains("org.apache.iceberg.rest.RESTCatalogServer");
      assertThat(Files.readString(kept.resolve("iceberg-rest.log"))).isEqualTo(Files.readString(state.resolve("logs/iceberg-rest.log")));
    } finally {
      System.clearProperty("mesh.stack.classpath.dir");
      // This test's own copy (no stack of the run failed); absent when the test failed before it, whose error must show.
      if (Files.isDirectory(kept)) {
        try (java.util.stream.Stream<Path> files = Files.walk(kept)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        kept.getParent().toFile().delete(); // when empty
      }
    }
    assertThat(stack.status()).noneMatch(ServiceStatus::running);
    assertThat(stack.isUp()).isFalse();
    assertThat(stack.down()).as("nothing left to stop").isFalse();
  }

  /**
   * Ports taken by another program between their choice and the services' start (another server binding that very
   * port; the ports are drawn outside the ephemeral range, so a connection cannot): PostgreSQL's on the first start, the REST catalog's on the second. Each time the
   * service cannot bind it (PostgreSQL's log says so; the REST server ends with a BindException), and the stack starts
   * its services again on ports chosen anew.
   */
  @Test
  void servicesWhosePortsWereTakenMeanwhileStartOnOthers() throws Exception {
    dev.mesh.stack.testing.SharedStack.assumeAvailable();
    Path state = Files.createDirectory(tmp.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) { // every interface, as a service binds
      int[] calls = {0};
      // Each start chooses PostgreSQL's port, then the REST catalog's, the metastore's and the store's.
      Stack stack = Stack.in(state, preferred -> {
        int call = calls[0]++;
        return call == 0 || call == 5 ? taken.getLocalPort() : Ports.free(preferred);
      });
      try {
        stack.up();
        assertThat(stack.status()).allMatch(ServiceStatus::running);
        assertThat(stack.endpoints().postgresUrl()).doesNotContain(":" + taken.getLocalPort() + "/");
        assertThat(stack.endpoints().catalogUri()).doesNotEndWith(":" + taken.getLocalPort());
        assertThat(calls[0]).as("ports chosen: three starts of four services").isEqualTo(4 * Stack.PORT_ATTEMPTS);
        assertThat(Files.readString(stack.log(Stack.POSTGRES))).as("PostgreSQL's log").contains("Address already in use");
      } finally {
        stack.down();
      }
    }
  }

  /** PostgreSQL's start fails: the message gives the server's own last word, not pg_ctl's "Examine the log output." */
  @Test
  void aPostgresThatCannotStartIsNamedWithWhatItsLogSaid() throws Exception {
    dev.mesh.stack.testing.SharedStack.assumeAvailable();
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = Files.createDirectory(tmp.resolve("postgres"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path log = Files.createDirectory(tmp.resolve("logs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")))
        .resolve("postgres.log");
    Postgres postgres = new Postgres(dir, log);
    postgres.init("a-password");
    Files.writeString(postgres.dataDir().resolve("postgresql.conf"), "no_such_setting_of_postgres = 1\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> postgres.start(Ports.free(0)))
        .isInstanceOf(StackException.class)
        .isNotInstanceOf(Stack.PortTaken.class)
        .hasMessageStartingWith("Cannot start PostgreSQL: ")
        .hasMessageContaining("FATAL")
        .hasMessageEndingWith("; see " + log)
        .message().doesNotContain("Examine the log output");
    assertThat(postgres.running()).isFalse();
  }

  @Test
  void theCauseOfAServicesEndIsTheLastCauseInItsLog() throws Exception {
    Path log = tmp.resolve("iceberg-rest.log");
    Files.writeString(log, String.join("\n",
        "INFO starting",
        "java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:41234",
        "\tat org.eclipse.jetty.server.ServerConnector.openAcceptChannel(ServerConnector.java:349)",
        "Caused by: java.net.BindException: Address already in use",
        "\tat java.base/sun.nio.ch.Net.bind0(Native Method)",
        "\t... 7 more",
        ""));
    String cause = ServiceLogs.cause(log);
    assertThat(cause).isEqualTo("java.net.BindException: Address already in use");
    assertThat(ServiceLogs.portTaken(cause)).isTrue();

    Files.writeString(log, "INFO starting\nERROR the JDBC catalog refused the password\n");
    assertThat(ServiceLogs.cause(log)).isEqualTo("ERROR the JDBC catalog refused the password");
    assertThat(ServiceLogs.portTaken(ServiceLogs.cause(log))).isFalse();
    Files.writeString(log, "INFO starting\nINFO stopping\n");
    assertThat(ServiceLogs.cause(log)).isEqualTo("INFO stopping");
    assertThat(ServiceLogs.cause(tmp.resolve("none.log"))).isEmpty();
  }
}
