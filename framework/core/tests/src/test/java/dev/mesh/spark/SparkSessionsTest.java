package dev.mesh.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.config.MeshConfigLoader;
import dev.mesh.config.PlatformConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session settings mesh derives from the platform config (no Spark started). */
class SparkSessionsTest {
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  @TempDir Path home;

  private PlatformConfig platform(String master) {
    Properties p = new Properties();
    p.setProperty("mesh.spark.master", master);
    return new MeshConfigLoader(home, Map.of(), p).loadPlatformOnly();
  }

  @Test
  void aLocalSessionRebuildsDeltaStateInAsManyTasksAsCores() {
    String expected = String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors()));
    assertThat(SparkSessions.settings(platform("local[2]"))).containsEntry(SNAPSHOT_PARTITIONS, expected);
  }

  @Test
  void aClusterSessionKeepsDeltasDefault() {
    assertThat(SparkSessions.settings(platform("spark://127.0.0.1:7077"))).doesNotContainKey(SNAPSHOT_PARTITIONS);
  }

  @Test
  void aLocalSessionWritesLocalFilesWithoutShellCommands() {
    assertThat(SparkSessions.settings(platform("local[2]")))
        .containsEntry("spark.hadoop.fs.file.impl", dev.mesh.storage.localfs.LocalFiles.class.getName())
        .containsEntry("spark.hadoop.fs.AbstractFileSystem.file.impl", dev.mesh.storage.localfs.LocalFilesFs.class.getName());
    // A cluster's executors load Hadoop's classes before the application's: they keep Hadoop's own.
    assertThat(SparkSessions.settings(platform("spark://127.0.0.1:7077")))
        .doesNotContainKeys("spark.hadoop.fs.file.impl", "spark.hadoop.fs.AbstractFileSystem.file.impl");
  }

  @Test
  void aSessionOnTheHiveMetastoreKeepsHivesSessionDirectoryInOneOfThisProcess() {
    Properties p = new Properties();
    p.setProperty("mesh.metastore", "hive");
    PlatformConfig hive = new MeshConfigLoader(home, Map.of(), p).loadPlatformOnly();
    String dir = HiveResourcesDirectory.settingFor(hive, SparkSessions.settings(hive)).orElseThrow();
    assertThat(Path.of(dir).getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(Path.of(dir).getFileName().toString()).startsWith("mesh-hive-" + ProcessHandle.current().pid() + "-");
    assertThat(HiveResourcesDirectory.settingFor(hive, SparkSessions.settings(hive))).as("one per process").hasValue(dir);
    // No Hive, no setting; a directory the platform chose is its own.
    assertThat(HiveResourcesDirectory.settingFor(platform("local[2]"), SparkSessions.settings(platform("local[2]")))).isEmpty();
    Map<String, String> chosen = new java.util.HashMap<>(SparkSessions.settings(hive));
    chosen.put(HiveResourcesDirectory.SETTING, "/data/hive-resources");
    assertThat(HiveResourcesDirectory.settingFor(hive, chosen)).isEmpty();
  }

  @Test
  void theConfigWinsOverTheLocalDefault() throws java.io.IOException {
    java.nio.file.Files.createDirectories(home.resolve("conf"));
    java.nio.file.Files.writeString(home.resolve("conf/mesh.conf"),
        "mesh.spark { master = \"local[2]\", conf { \"" + SNAPSHOT_PARTITIONS + "\" = 7 } }\n");
    PlatformConfig platform = new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly();
    assertThat(SparkSessions.settings(platform)).containsEntry(SNAPSHOT_PARTITIONS, "7");
  }
}
