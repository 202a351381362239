package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh plan} through the command line: the order, the parallel levels, and a cycle named (no Spark). */
class PlanCommandTest {
  @TempDir Path home;

  private void declare(TestMesh mesh, String id, String... inputs) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < inputs.length; i++) {
      in.append(i == 0 ? " in" : ", in").append(i).append(" = ").append(inputs[i]);
    }
    String extra = inputs.length == 0 ? "" : "inputs {" + in + " }";
    mesh.write(
        "conf/" + id.replace('.', '/') + ".conf",
        Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", extra));
  }

  @Test
  void printsEveryProductAfterItsInputsByParallelLevels() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    declare(mesh, "plan_a.src");
    declare(mesh, "plan_b.other");
    declare(mesh, "plan_a.clean", "plan_a.src");
    declare(mesh, "plan_c.report", "plan_a.clean", "plan_b.other");

    Cli.Result r = Cli.run(home, "plan", "--all");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .containsSubsequence(
            "level 1 (these run in parallel):", "1. plan_a.src", "2. plan_b.other",
            "level 2:", "3. plan_a.clean", "<- plan_a.src",
            "level 3:", "4. plan_c.report", "<- plan_a.clean, plan_b.other")
        .contains("4 products in 3 levels.");

    Cli.Result upstream = Cli.run(home, "plan", "+plan_a.clean");
    assertThat(upstream.out()).contains("plan_a.src", "plan_a.clean", "2 products in 2 levels.").doesNotContain("plan_c.report");
  }

  @Test
  void aCycleExitsTwoNamingIt() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    declare(mesh, "cyc.start");
    declare(mesh, "cyc.one", "cyc.start", "cyc.three");
    declare(mesh, "cyc.two", "cyc.one");
    declare(mesh, "cyc.three", "cyc.two");

    Cli.Result r = Cli.run(home, "plan", "--all");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("The product graph has a cycle: cyc.one -> cyc.two -> cyc.three -> cyc.one")
        .contains("cyc.two declared at ")
        .contains("remove one of these inputs");
    assertThat(r.out()).doesNotContain("level 1");
  }

  @Test
  void anInputNamingNoProductExitsTwoNamingIt() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    declare(mesh, "dangling.reader", "dangling.nowhere");

    Cli.Result r = Cli.run(home, "plan", "--all");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("names no declared product: dangling.nowhere");
  }
}
