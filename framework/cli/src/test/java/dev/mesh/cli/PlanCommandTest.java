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

  @Test
  void withADateItPrintsEachRunPlanWithThePinnedVersionsAsTextAndJson() throws Exception {
    TestMesh mesh = new TestMesh(home);
    declare(mesh, "plan_d.src");
    declare(mesh, "plan_d.clean", "plan_d.src");
    assertThat(Cli.run(home, "run", "plan_d.src", "--date", "2024-03-01").exitCode()).isZero();
    long src = mesh.context().tables().forFormat(dev.mesh.model.TableFormat.DELTA)
        .currentVersion(dev.mesh.model.ProductId.parse("plan_d.src")).orElseThrow();

    Cli.Result one = Cli.run(home, "plan", "plan_d.clean", "--date", "2024-03-02");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out())
        .containsSubsequence(
            "plan_d.clean", "governance  ok", "input       in0          plan_d.src at version " + src,
            "transform   class " + Transforms.Numbers.class.getName(),
            "rule        contract_not_null_id", "target      delta.`", "never published")
        .contains("1 product planned for 2024-03-02.");

    // Both: src is produced earlier in the same invocation, so clean's input is pinned only when its turn comes.
    Cli.Result both = Cli.run(home, "plan", "+plan_d.clean", "--date", "2024-03-02", "--format", "json");
    assertThat(both.exitCode()).as(both.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(both.out());
    assertThat(json.path("logical_date").asText()).isEqualTo("2024-03-02");
    assertThat(json.path("plans")).hasSize(2);
    assertThat(json.path("plans").get(0).path("product").asText()).isEqualTo("plan_d.src");
    assertThat(json.path("plans").get(0).path("target").path("current_version").asLong()).isEqualTo(src);
    com.fasterxml.jackson.databind.JsonNode input = json.path("plans").get(1).path("inputs").get(0);
    assertThat(input.path("product").asText()).isEqualTo("plan_d.src");
    assertThat(input.path("pending").asBoolean()).isTrue();
    assertThat(input.path("version").isNull()).isTrue();
  }

  @Test
  void aProductThatWouldNotRunIsSaidWithTheReason() {
    TestMesh mesh = new TestMesh(home);
    declare(mesh, "plan_e.src");
    declare(mesh, "plan_e.clean", "plan_e.src");

    Cli.Result r = Cli.run(home, "plan", "plan_e.clean", "--date", "2024-03-02");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("plan_e.clean", "would not run:", "plan_e.src").contains("1 would not run.");
  }
}
