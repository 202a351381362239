package dev.mesh.storage.localfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replacing a local file whole: written beside it first, then renamed over it, so that a reader (Airflow parsing its
 * DAG folder, Maven reading a pom) sees the old content or the new, never a file cut short.
 */
public final class WholeFiles {
  private WholeFiles() {}

  /**
   * Puts {@code content} (UTF-8) at {@code file}. The file beside it is hidden ({@code .<name>.tmp-<uuid>}, so no glob
   * of the folder's suffix takes it) and gone when this returns, also on failure.
   */
  public static void replace(Path file, String content) throws IOException {
    Path next = file.resolveSibling("." + file.getFileName() + ".tmp-" + java.util.UUID.randomUUID());
    try {
      Files.writeString(next, content, StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(next);
    }
  }
}
