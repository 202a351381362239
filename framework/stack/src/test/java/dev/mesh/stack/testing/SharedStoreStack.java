package dev.mesh.stack.testing;

import dev.mesh.stack.Stack;
import dev.mesh.stack.StackEndpoints;

/**
 * One stack on its object store per test JVM ({@link Stack#onStore()}: PostgreSQL, the Iceberg REST catalog, the Hive
 * metastore and S3Proxy; warehouse {@code s3a://mesh/warehouse}), started on first use in a temporary directory and
 * stopped, with its directory removed, when the JVM exits. A driver JVM reaches it with {@link StackEndpoints#env()}
 * as its environment (the store's keys arrive as {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, as s3a's
 * default credential chain reads them). Skip like {@link SharedStack#assumeAvailable()} when PostgreSQL is missing.
 */
public final class SharedStoreStack {
  private static Stack stack;
  private static StackEndpoints endpoints;

  private SharedStoreStack() {}

  /** The running stack's endpoints, starting it on the first call (about 15 s). */
  public static synchronized StackEndpoints get() {
    if (endpoints == null) {
      stack = TempStacks.create("mesh-store-stack-", true);
      endpoints = FailedStacks.up(stack).endpoints();
    }
    return endpoints;
  }

  /** The stack itself (started): to stop and restart its services in failure tests. */
  public static synchronized Stack stack() {
    get();
    return stack;
  }
}
