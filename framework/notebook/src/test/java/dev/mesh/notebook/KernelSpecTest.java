package dev.mesh.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
  @TempDir Path dataDir;

  @Test
  void theKernelspecStartsTheKernelWithSparksFlagsThisClasspathAndTheMeshSettings() throws Exception {
    String saved = System.getProperty("mesh.warehouse");
    System.setProperty("mesh.warehouse", "/tmp/some-warehouse");
    KernelSpec spec;
    try {
      spec = KernelSpec.forThisProcess("1g", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    } finally {
      if (saved == null) {
        System.clearProperty("mesh.warehouse");
      } else {
        System.setProperty("mesh.warehouse", saved);
      }
    }
    List<String> argv = spec.argv();
    assertThat(argv.get(0)).endsWith("/bin/java");
    assertThat(Path.of(argv.get(0))).isExecutable();
    assertThat(argv).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx1g", "-Djava.awt.headless=true",
        "-Dmesh.warehouse=/tmp/some-warehouse", "-Dspark.ui.showConsoleProgress=false");
    assertThat(argv).anySatisfy(a -> assertThat(a).startsWith("-Dmesh.home=/"));
    assertThat(argv.subList(argv.indexOf("-Xmx1g"), argv.indexOf("-Xmx1g") + 3))
        .as("the extra JVM options right after the heap").containsExactly("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    assertThat(KernelSpec.forThisProcess("1g").argv()).doesNotContain("-XX:TieredStopAtLevel=1");
    int cp = argv.indexOf("-cp");
    assertThat(argv.get(cp + 1)).contains("jupyter-jvm-basekernel").contains("jfreechart");
    assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly(MeshKernel.class.getName(), "{connection_file}");

    Path dir = spec.install(dataDir);
    assertThat(dir).isEqualTo(dataDir.resolve("kernels/mesh"));
    JsonNode json = KernelSpec.MAPPER.readTree(dir.resolve("kernel.json").toFile());
    assertThat(json.path("display_name").asText()).isEqualTo("mesh (Spark SQL)");
    assertThat(json.path("language").asText()).isEqualTo("sql");
    assertThat(json.path("interrupt_mode").asText()).isEqualTo("message");
    List<String> written = new ArrayList<>();
    json.path("argv").forEach(a -> written.add(a.asText()));
    assertThat(written).isEqualTo(argv);
    assertThat(spec.installedIn(dataDir)).isTrue();

    Files.writeString(dir.resolve("kernel.json"), "{\"argv\": [\"java\", \"-cp\", \"/elsewhere\"]}");
    assertThat(spec.installedIn(dataDir)).isFalse();
  }

  /** A kernel maps the class-data archive its mesh process started from (bin/mesh's), but under a flight recording. */
  @Test
  void theKernelMapsTheArchiveThisProcessStartedFrom() throws Exception {
    Path archive = Files.write(dataDir.resolve("mesh.jsa"), new byte[] {1});
    List<String> launched = List.of("-Xmx4g", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto");

    assertThat(KernelSpec.classData(launched, List.of("-XX:+UseSerialGC")))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    assertThat(KernelSpec.classData(launched, List.of("-XX:StartFlightRecording=filename=k.jfr"))).isEmpty();
    assertThat(KernelSpec.classData(List.of("-Xmx4g"), List.of())).as("a process started without an archive").isEmpty();
    assertThat(KernelSpec.classData(List.of("-XX:SharedArchiveFile=" + dataDir.resolve("gone.jsa")), List.of())).isEmpty();
    // This test's own JVM (surefire's) has no archive: nor has the kernelspec it makes.
    assertThat(KernelSpec.forThisProcess("1g").argv()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
  }
}
