package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --changed-since}, as a domain's CI uses it: the products a branch changed against a commit of a real git
 * repository (committed or not, new files included), nothing changed as an empty selection that succeeds, and a
 * commit git does not know as a usage error naming it. On {@code mesh plan}, which starts no Spark.
 */
class ChangedSinceTest {
  @TempDir Path home;

  private void git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=ci", "-c", "user.email=ci@example.com"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("git %s: %s", args, out).isZero();
  }

  @Test
  void aBranchSelectsWhatItChangedAgainstACommit() throws Exception {
    TestMesh mesh = TestMesh.withoutSpark(home);
    for (String name : List.of("a", "b")) {
      mesh.write("conf/shop/" + name + ".conf", Products.reading("shop." + name, "", "transform.sql = " + name + ".sql", "x { type = int }"));
      mesh.write("jobs/shop/sql/" + name + ".sql", "SELECT 1 AS x");
    }
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "first");

    Cli.Result none = Cli.run(home, "plan", "--changed-since", "HEAD");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).isEqualTo("No product differs from HEAD: nothing selected.\n");

    // A change not committed, and a new product not even added to git.
    mesh.write("jobs/shop/sql/a.sql", "SELECT 2 AS x");
    mesh.write("conf/shop/n.conf", Products.reading("shop.n", "", "transform.sql = n.sql", "x { type = int }"));
    mesh.write("jobs/shop/sql/n.sql", "SELECT 3 AS x");
    Cli.Result changed = Cli.run(home, "plan", "--changed-since", "HEAD");
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("shop.a", "shop.n", "2 products in 1 level.").doesNotContain("shop.b");
    // With the other selections: both.
    assertThat(Cli.run(home, "plan", "--changed-since", "HEAD", "shop.b").out()).contains("shop.a", "shop.b", "shop.n");

    git("add", "-A");
    git("commit", "-q", "-m", "second");
    assertThat(Cli.run(home, "plan", "--changed-since", "HEAD").out()).startsWith("No product differs from HEAD");
    assertThat(Cli.run(home, "plan", "--changed-since", "HEAD~1").out()).contains("shop.a", "shop.n").doesNotContain("shop.b");

    Cli.Result unknown = Cli.run(home, "plan", "--changed-since", "no-such-branch");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--changed-since no-such-branch: git diff in " + home.toAbsolutePath().normalize())
        .contains("no-such-branch")
        .contains("Give a commit, branch or tag of the project's repository (e.g. origin/main).");
  }
}
