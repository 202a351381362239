package dev.mesh.config;

import java.net.URI;
import java.nio.file.Path;

/** Table and file locations as the platform settings give them: a local path, a {@code file:} URI, or a remote URI. */
public final class Locations {
  private static final String URI_SCHEME = "^[a-zA-Z][a-zA-Z0-9+.-]*:.*";

  private Locations() {}

  /** Whether {@code location} is on the local file system: a plain path or a {@code file:} URI. */
  public static boolean isLocal(String location) {
    return location.startsWith("file:") || !location.matches(URI_SCHEME);
  }

  /** A local location (a plain path or a {@code file:} URI) as an absolute path. */
  public static Path localPath(String location) {
    return Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location).toAbsolutePath();
  }
}
