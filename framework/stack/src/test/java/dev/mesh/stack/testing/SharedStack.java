package dev.mesh.stack.testing;

import dev.mesh.stack.Stack;
import dev.mesh.stack.StackEndpoints;

/**
 * One stack of shared services (PostgreSQL, the Iceberg REST catalog, the Hive metastore) per test JVM, started on
 * first use in a temporary directory and stopped, with its directory removed, when the JVM exits. A test reaches it
 * through {@link #get()}: {@code SharedStack.get().sparkConf("iceberg")} is what a Spark session sets to use both
 * services ({@code spark-hive} and {@code iceberg-spark-runtime} on the test classpath). Without PostgreSQL on the
 * machine, {@code Stack.missingPrerequisite()} says so: skip with it rather than fail.
 */
public final class SharedStack {
  private static Stack stack;
  private static StackEndpoints endpoints;

  private SharedStack() {}

  /**
   * Skips the calling test, naming the Debian package to install, when the stack cannot start here (no PostgreSQL);
   * under CI ({@code CI=true}, where .ci/run installs it) that is a failure instead, so CI never passes by skipping.
   */
  public static void assumeAvailable() {
    Stack.missingPrerequisite().ifPresent(m -> {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(m + " (.ci/run installs it)");
      }
      org.junit.jupiter.api.Assumptions.abort("Skipped: " + m);
    });
  }

  /** The running stack's endpoints, starting it on the first call (about 10 s). */
  public static synchronized StackEndpoints get() {
    if (endpoints == null) {
      stack = TempStacks.create("mesh-stack-", false);
      endpoints = FailedStacks.up(stack).endpoints();
    }
    return endpoints;
  }

  /** The stack itself (started), for tests of the stack's own lifecycle. */
  public static synchronized Stack stack() {
    get();
    return stack;
  }
}
