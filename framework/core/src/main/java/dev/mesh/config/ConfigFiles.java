package dev.mesh.config;

import java.nio.file.Path;
import java.nio.file.Paths;

/** How configuration file names are shown in messages: relative to the working directory when below it. */
public final class ConfigFiles {
  private ConfigFiles() {}

  public static String display(String filename) {
    try {
      Path p = Paths.get(filename).toAbsolutePath().normalize();
      Path cwd = Paths.get("").toAbsolutePath().normalize();
      return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    } catch (RuntimeException e) {
      return filename;
    }
  }
}
