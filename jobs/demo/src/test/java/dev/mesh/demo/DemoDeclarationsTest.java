package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.cli.MeshCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The demo's declarations (conf/) against the demo's own policies: what CI's `bin/mesh validate` checks too. Isolated:
 * it captures System.out, which the other classes of this module (run side by side) print to.
 */
@Isolated
class DemoDeclarationsTest {

  @Test
  void theDemoMeshPassesEveryPolicy() {
    String before = System.getProperty("mesh.home");
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setProperty("mesh.home", System.getProperty("mesh.project.dir"));
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = MeshCli.execute("validate", "--contracts", "never");
    } finally {
      System.setOut(stdout);
      if (before == null) {
        System.clearProperty("mesh.home");
      } else {
        System.setProperty("mesh.home", before);
      }
    }
    assertThat(code).isZero();
    assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("OK: 13 products, 0 errors, 0 warnings.\n");
  }
}
