package dev.mesh.spark;

import dev.mesh.config.PlatformConfig;
import dev.mesh.storage.localfs.LocalTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the Hive client of a mesh process keeps its session's "downloaded resources". Hive 2.3 makes {@code
 * <java.io.tmpdir>/<session id>_resources} as each client session starts and Spark 3.5 never closes that session
 * (SPARK-51571), so every mesh command or job on a Hive metastore would leave an empty directory in the machine's
 * temporary directory: one per run, thousands a day on an orchestrated mesh. A mesh process gives its Hive client a
 * directory of its own instead and removes it as the JVM exits. A directory the platform sets itself ({@value #SETTING}
 * in {@code mesh.spark.conf} or a system property) is left to the platform.
 */
final class HiveResourcesDirectory {
  /** Spark's name for Hive's setting (Spark hands {@code spark.hadoop.*} to the Hive client's configuration). */
  static final String SETTING = "spark.hadoop.hive.downloaded.resources.dir";

  private static Path directory;

  private HiveResourcesDirectory() {}

  /**
   * The setting to add to a session built with {@code settings}: none unless the session uses the Hive metastore
   * (the platform's {@code metastore = hive}, or {@code spark.sql.catalogImplementation=hive} as spark-submit or the
   * platform's Spark settings give it) and nobody chose the directory.
   */
  static Optional<String> settingFor(PlatformConfig platform, Map<String, String> settings) {
    boolean hive = "hive".equals(platform.metastore())
        || "hive".equals(settings.get("spark.sql.catalogImplementation"))
        || "hive".equals(System.getProperty("spark.sql.catalogImplementation"));
    if (!hive || settings.containsKey(SETTING) || System.getProperty(SETTING) != null) {
      return Optional.empty();
    }
    return Optional.of(directory().toString());
  }

  /** This JVM's directory (made by Hive when its session starts), removed with what it holds when the JVM exits. */
  static synchronized Path directory() {
    if (directory == null) {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mesh-hive-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "mesh-hive-resources"));
      directory = dir;
    }
    return directory;
  }

  private static void delete(Path dir) {
    try {
      LocalTrees.delete(dir);
    } catch (IOException e) {
      System.err.println("mesh: could not remove the Hive client's directory " + dir + ": " + e.getMessage());
    }
  }
}
