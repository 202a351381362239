package dev.mesh.demo;

import dev.mesh.stack.testing.SharedStack;
import dev.mesh.stack.testing.SharedStoreStack;
import java.util.Map;

/**
 * The shared-deployment services of this test JVM (one stack on its object store, started once: PostgreSQL, the
 * Iceberg REST catalog, the Hive metastore and S3Proxy, warehouse {@code s3a://mesh/warehouse}), as {@code bin/mesh
 * stack env} exports them.
 */
final class SharedServices {
  private SharedServices() {}

  /** Skips (or under CI fails) when the services cannot run here, naming the package to install. */
  static Map<String, String> env() {
    SharedStack.assumeAvailable();
    return SharedStoreStack.get().env();
  }
}
