package dev.mesh.testing;

import dev.mesh.config.MeshConfigLoader;
import dev.mesh.config.PlatformConfig;
import dev.mesh.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM, over one warehouse in a temporary directory. Catalog settings are static in
 * Spark, so every test of the JVM shares this warehouse; tests keep apart by using their own product ids. The
 * warehouse is deleted when the JVM exits, after Spark stops ({@link TempDirs}).
 */
public final class TestSpark {
  private static SparkSession spark;
  private static Path warehouse;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      try {
        warehouse = Files.createTempDirectory("mesh-test-warehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = warehouse;
      PlatformConfig platform = platform(warehouse);
      SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("mesh-tests");
      SparkSessions.settings(platform).forEach(b::config);
      b.config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.adaptive.enabled", "false");
      // A test's data is a few rows: Spark evaluates expressions interpreted instead of generating and compiling Java
      // (Janino, then the JIT) for every query. So do the JVMs tests start (ChildJvm.OPTIONS), except the cluster
      // test's drivers and executors, which keep Spark's code generation, as production runs do.
      b.config("spark.sql.codegen.wholeStage", "false").config("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      spark = b.getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      SparkSession started = spark;
      // Spark first, then its warehouse (one hook: hooks run side by side)
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.stop();
        TempDirs.delete(created);
      }, "mesh-tests-spark"));
    }
    return spark;
  }

  /** The warehouse every test of this JVM writes to. */
  public static synchronized Path warehouse() {
    session();
    return warehouse;
  }

  /** Platform settings for a mesh home whose warehouse is the shared test warehouse. */
  public static PlatformConfig platform(Path warehouse) {
    Properties props = new Properties();
    props.setProperty("mesh.warehouse", warehouse.toString());
    return new MeshConfigLoader(warehouse, Map.of(), props).loadPlatformOnly();
  }
}
