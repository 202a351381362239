package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.ChildJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build records bin/mesh's class-data archive by running {@link ClassDataTraining} over the project (and bin/mesh
 * builds before each command): a declaration being edited must cost the engineer one line there, not a stack trace.
 */
class ClassDataTrainingTest {
  @TempDir Path home;

  @Test
  void aProjectWhoseDeclarationsDoNotLoadIsOneLineAndNothingIsLeft() throws IOException, InterruptedException {
    Files.createDirectories(home.resolve("conf/sales"));
    Files.writeString(home.resolve("conf/mesh.conf"), "mesh { warehouse = warehouse }\n");
    Files.writeString(home.resolve("conf/sales/orders.conf"), "product {\n  id = sales.orders\n  version = \n");
    Path tmp = Files.createDirectories(home.resolve("tmp"));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.reflect")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(ChildJvm.SHORT_LIVED);
    cmd.addAll(List.of("-Dmesh.home=" + home, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        ClassDataTraining.class.getName()));
    Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out.strip().lines()).as(out).hasSize(1).first().asString()
        .startsWith("class-data training: skipped, the project's declarations do not load (")
        .contains("orders.conf:")
        .endsWith("); bin/mesh validate lists every problem");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("the training's scratch warehouse").isEmpty();
    }
  }
}
