package dev.mesh.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Jupyter kernelspec of the mesh kernel ({@code <data dir>/kernels/mesh/kernel.json}): the java command with
 * Spark's Java 17 flags, this process's classpath, the mesh settings of this process ({@code -Dmesh.*} and the
 * {@code MESH_*} variables), and {@code {connection_file}}.
 */
public record KernelSpec(List<String> argv, Map<String, String> env) {
  public static final String NAME = "mesh";
  public static final String DISPLAY_NAME = "mesh (Spark SQL)";
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public KernelSpec {
    argv = List.copyOf(argv);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
  }

  /** The kernelspec for this process: the same java, classpath and mesh settings. */
  public static KernelSpec forThisProcess(String heap) {
    return forThisProcess(heap, List.of());
  }

  /** As {@link #forThisProcess(String)}, with these JVM options after the heap (e.g. JIT or GC settings). */
  public static KernelSpec forThisProcess(String heap, List<String> javaOptions) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions().split("\\s+")) {
      if (!flag.isBlank()) {
        argv.add(flag);
      }
    }
    argv.add("-Xmx" + heap);
    argv.addAll(javaOptions);
    argv.addAll(classData(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(), javaOptions));
    argv.add("-Djava.awt.headless=true");
    // A kernel answers one analyst: no Spark UI to start, no progress bar on stderr.
    argv.add("-Dspark.ui.enabled=false");
    argv.add("-Dspark.ui.showConsoleProgress=false");
    String home = System.getProperty("mesh.home");
    Path logConfig = home == null ? null : Path.of(home, "bin", "log4j2.properties");
    if (logConfig != null && Files.isRegularFile(logConfig)) {
      argv.add("-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath());
    }
    Map<String, String> props = new TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      String key = String.valueOf(k);
      if (key.startsWith("mesh.") && !key.equals("mesh.project.dir")) {
        props.put(key, key.equals("mesh.home") ? Path.of(String.valueOf(v)).toAbsolutePath().normalize().toString() : String.valueOf(v));
      }
    });
    props.putIfAbsent("mesh.home", Path.of("").toAbsolutePath().toString());
    props.forEach((k, v) -> argv.add("-D" + k + "=" + v));
    argv.add("-cp");
    argv.add(absoluteClasspath(System.getProperty("java.class.path")));
    argv.add(MeshKernel.class.getName());
    argv.add("{connection_file}");
    Map<String, String> env = new TreeMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("MESH_") && !k.equals("MESH_JAVA_OPTS") && !k.equals("MESH_KERNEL_JAVA_OPTS") && !k.equals("MESH_SKIP_BUILD")) {
        env.put(k, k.equals("MESH_WAREHOUSE") || k.equals("MESH_CONF_PATH") ? absolutePaths(v) : v);
      }
    });
    return new KernelSpec(argv, env);
  }

  /**
   * The class-data sharing archive this JVM was started with ({@code thisJvm}: its options), for the kernel to map
   * too: bin/mesh starts from the archive the build recorded for exactly the classpath the kernel gets, and the
   * kernel's start then parses and verifies those classes no more (about a second and a half, as {@code mesh sql}).
   * Nothing when this JVM has none, and none under a flight recording in {@code kernelOptions} (JDK 17 crashes loading
   * an archive's classes under one, as bin/mesh knows). An archive that no longer fits the jars (a rebuild since the
   * kernel was installed) is skipped by the JVM without a word, and the kernel starts from the jars.
   */
  static List<String> classData(List<String> thisJvm, List<String> kernelOptions) {
    String flag = "-XX:SharedArchiveFile=";
    Path archive = null;
    for (String option : thisJvm) {
      if (option.startsWith(flag)) {
        archive = Path.of(option.substring(flag.length())).toAbsolutePath().normalize();
      }
    }
    if (archive == null || !Files.isRegularFile(archive) || kernelOptions.stream().anyMatch(o -> o.contains("StartFlightRecording"))) {
      return List.of();
    }
    return List.of(flag + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }

  private static String absoluteClasspath(String cp) {
    List<String> out = new ArrayList<>();
    for (String e : cp.split(java.io.File.pathSeparator)) {
      if (!e.isBlank()) {
        out.add(e.endsWith("*") ? e : Path.of(e).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  private static String absolutePaths(String v) {
    if (v.contains("://")) {
      return v;
    }
    List<String> out = new ArrayList<>();
    for (String p : v.split(java.io.File.pathSeparator)) {
      out.add(p.isBlank() ? p : Path.of(p).toAbsolutePath().normalize().toString());
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  public JsonNode json() {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode a = o.putArray("argv");
    argv.forEach(a::add);
    o.put("display_name", DISPLAY_NAME);
    o.put("language", "sql");
    o.put("interrupt_mode", "message");
    ObjectNode e = o.putObject("env");
    env.forEach(e::put);
    return o;
  }

  /** The kernel's directory under a Jupyter data directory. */
  public static Path dir(Path dataDir) {
    return dataDir.resolve("kernels").resolve(NAME);
  }

  /** Writes {@code kernel.json} under {@code <dataDir>/kernels/mesh} and returns that directory. */
  public Path install(Path dataDir) {
    Path dir = dir(dataDir);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("kernel.json"), MAPPER.writeValueAsString(json()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the kernelspec to " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  /** Whether {@code <dataDir>/kernels/mesh/kernel.json} holds exactly this spec. */
  public boolean installedIn(Path dataDir) {
    Path file = dir(dataDir).resolve("kernel.json");
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      return MAPPER.readTree(file.toFile()).equals(json());
    } catch (IOException e) {
      return false;
    }
  }
}
