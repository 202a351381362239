package dev.mesh.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that cannot start: one line naming it and its log, and nothing of the stack left running. */
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
          .hasMessage("Cannot start the Iceberg REST catalog server: its process ended while starting; see " + state.resolve("logs/iceberg-rest.log"));
    } finally {
      System.clearProperty("mesh.stack.classpath.dir");
    }
    assertThat(Files.readString(state.resolve("logs/iceberg-rest.log"))).contains("org.apache.iceberg.rest.RESTCatalogServer");
    assertThat(stack.status()).noneMatch(ServiceStatus::running);
    assertThat(stack.isUp()).isFalse();
    assertThat(stack.down()).as("nothing left to stop").isFalse();
  }
}
