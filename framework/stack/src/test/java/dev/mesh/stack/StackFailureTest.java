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
 * running. A service whose port another process took before it could bind it is started again on another.
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
    try {
      assertThatThrownBy(stack::up)
          .isInstanceOf(StackException.class)
          .hasMessage("Cannot start the Iceberg REST catalog server: its process ended while starting"
              + " (java.lang.ClassNotFoundException: org.apache.iceberg.rest.RESTCatalogServer); see "
              + state.resolve("logs/iceberg-rest.log"));
    } finally {
      System.clearProperty("mesh.stack.classpath.dir");
    }
    assertThat(Files.readString(state.resolve("logs/iceberg-rest.log"))).contains("org.apache.iceberg.rest.RESTCatalogServer");
    assertThat(stack.status()).noneMatch(ServiceStatus::running);
    assertThat(stack.isUp()).isFalse();
    assertThat(stack.down()).as("nothing left to stop").isFalse();
  }

  /**
   * The port chosen for the REST catalog is bound by another program by the time the server starts (on a busy machine
   * any program's connection can take a free port): the server ends with a BindException, and the stack starts its
   * Java services again on new ports.
   */
  @Test
  void aServiceWhosePortWasTakenMeanwhileStartsOnAnother() throws Exception {
    dev.mesh.stack.testing.SharedStack.assumeAvailable();
    Path state = Files.createDirectory(tmp.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) { // every interface, as the server binds
      int[] calls = {0};
      // PostgreSQL's port is chosen first, the REST catalog's second.
      Stack stack = Stack.in(state, preferred -> calls[0]++ == 1 ? taken.getLocalPort() : Ports.free(preferred));
      try {
        stack.up();
        assertThat(stack.status()).allMatch(ServiceStatus::running);
        assertThat(stack.endpoints().catalogUri()).doesNotEndWith(":" + taken.getLocalPort());
        assertThat(calls[0]).as("ports chosen by the test's chooser: the first start only").isEqualTo(4);
      } finally {
        stack.down();
      }
    }
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
