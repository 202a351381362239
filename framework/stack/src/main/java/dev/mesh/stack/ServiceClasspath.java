package dev.mesh.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of a service's JVM, as the build wrote it: {@code framework/stack/services/<service>/target/
 * <service>.classpath} of the mesh source tree. The tree is found from {@code -Dmesh.project.dir} (set by the tests'
 * surefire), {@code -Dmesh.home} (set by bin/mesh), {@code MESH_HOME} or the working directory, or a parent of one of
 * them; {@code -Dmesh.stack.classpath.dir} names the directory holding the {@code .classpath} files instead.
 */
final class ServiceClasspath {
  private ServiceClasspath() {}

  static String of(String service) {
    String fileName = service + ".classpath";
    String dir = System.getProperty("mesh.stack.classpath.dir");
    List<Path> tried = new ArrayList<>();
    if (dir != null) {
      tried.add(Path.of(dir, fileName));
    } else {
      Path relative = Path.of("framework", "stack", "services", service, "target", fileName);
      for (String start : starts()) {
        for (Path p = Path.of(start).toAbsolutePath().normalize(); p != null; p = p.getParent()) {
          tried.add(p.resolve(relative));
        }
      }
    }
    for (Path file : tried) {
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new StackException("Cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    throw new StackException(
        "The classpath of the " + service + " service is not built (no " + fileName + " found, looked for "
            + (tried.isEmpty() ? fileName : tried.get(0)) + " and above): run 'mvn -DskipTests package' in the mesh "
            + "source tree (or set -Dmesh.stack.classpath.dir)");
  }

  private static List<String> starts() {
    List<String> starts = new ArrayList<>();
    for (String s :
        new String[] {
          System.getProperty("mesh.project.dir"), System.getProperty("mesh.home"), System.getenv("MESH_HOME"),
          System.getProperty("user.dir")
        }) {
      if (s != null && !s.isBlank()) {
        starts.add(s);
      }
    }
    return starts;
  }
}
