package dev.mesh.demo;

import dev.mesh.stack.testing.SharedStack;
import java.util.Map;

/** The shared-deployment services of this test JVM (one stack, started once), as `bin/mesh stack env` exports them. */
final class SharedServices {
  private SharedServices() {}

  static Map<String, String> env() {
    return SharedStack.get().env();
  }
}
