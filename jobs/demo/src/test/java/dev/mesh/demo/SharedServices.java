package dev.mesh.demo;

import java.util.Map;

/** The shared-deployment services of this test JVM (started once), as the environment `bin/mesh stack env` prints. */
final class SharedServices {
  private SharedServices() {}

  static Map<String, String> env() {
    throw new UnsupportedOperationException("wired to mesh-stack's SharedStack when it lands");
  }
}
