package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh dag} through the command line: a domain whose job jar no module of the project builds is named. */
class DagCommandTest {
  @TempDir Path home;

  @Test
  void aDomainWithoutAJobsModuleIsNamedBecauseItsTasksWouldSubmitAJarNoBuildMakes() throws Exception {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/dga/one.conf", Products.numbers("dga.one", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/dgb/two.conf", Products.numbers("dgb.two", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("jobs/dga/pom.xml", "<project/>");

    Cli.Result r = Cli.run(home, "dag", "--out", home.resolve("dags").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(home.resolve("dags/dgb.dagfactory.json")).isNotEmptyFile();
    assertThat(r.err())
        .contains("mesh: domain dgb is declared in conf/dgb/ but has no jobs/dgb/pom.xml: no build here makes mesh-jobs-dgb.jar")
        .doesNotContain("domain dga");
    // With its module, nothing to say.
    Files.createDirectories(home.resolve("jobs/dgb"));
    Files.writeString(home.resolve("jobs/dgb/pom.xml"), "<project/>");
    assertThat(Cli.run(home, "dag", "--out", home.resolve("dags").toString()).err()).doesNotContain("has no jobs/");
  }
}
