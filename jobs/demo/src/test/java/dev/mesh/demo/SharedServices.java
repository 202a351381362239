package dev.mesh.demo;

import dev.mesh.stack.testing.SharedStack;
import java.util.Map;

/** The shared-deployment services of this test JVM (one stack, started once), as `bin/mesh stack env` exports them. */
final class SharedServices {
  private SharedServices() {}

  /** Skips (or under CI fails) when the services cannot run here, naming the package to install. */
  static Map<String, String> env() {
    SharedStack.assumeAvailable();
    return SharedStack.get().env();
  }
}
