package dev.mesh.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a SQL transform: next to its conf file, then in the platform's {@code sql-path}, then on the classpath as
 * {@code sql/<domain>/<file>} (how it travels inside a domain's job jar).
 */
public final class SqlLocator {
  private final Path home;
  private final List<String> sqlPath;

  public SqlLocator(Path home, List<String> sqlPath) {
    this.home = home;
    this.sqlPath = List.copyOf(sqlPath);
  }

  /** Where a SQL file was found: a file path, or the classpath; {@code searched} lists every place tried. */
  public record Located(Path path, boolean onClasspath, List<String> searched) {}

  public Located locate(String domain, String file, Path confDir) {
    List<String> searched = new ArrayList<>();
    List<Path> candidates = new ArrayList<>();
    if (confDir != null) {
      candidates.add(confDir.resolve(file));
    }
    for (String dir : sqlPath) {
      candidates.add(home.resolve(dir.replace("{domain}", domain)).resolve(file));
    }
    for (Path c : candidates) {
      Path n = c.normalize();
      searched.add(n.toString());
      if (Files.isRegularFile(n)) {
        return new Located(n, false, searched);
      }
    }
    String resource = classpathResource(domain, file);
    searched.add("classpath:" + resource);
    boolean found = Thread.currentThread().getContextClassLoader().getResource(resource) != null;
    return new Located(null, found, searched);
  }

  public static String classpathResource(String domain, String file) {
    return "sql/" + domain + "/" + Path.of(file).getFileName();
  }
}
