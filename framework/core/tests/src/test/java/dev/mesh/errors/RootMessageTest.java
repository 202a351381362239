package dev.mesh.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/**
 * The one line a failure comes out as: the innermost reason, after what mesh was doing when one of its own wrappers on
 * the way says so (which file, which port), said once.
 */
class RootMessageTest {
  @Test
  void theReasonComesAfterWhatMeshWasDoing() {
    BindException taken = new BindException("Address already in use");
    UncheckedIOException serving =
        new UncheckedIOException("Cannot serve the site on port 8000: " + taken.getMessage() + ". Choose another with --port.", taken);

    assertThat(MeshErrors.rootMessage(new RuntimeException("picocli", serving)))
        .isEqualTo("Cannot serve the site on port 8000: Address already in use. Choose another with --port.");
  }

  @Test
  void aWrapperThatDoesNotQuoteItsCauseGetsItAppended() {
    FileSystemException notADirectory = new FileSystemException("/etc/passwd/x", null, "Not a directory");
    UncheckedIOException writing = new UncheckedIOException("Cannot write /etc/passwd/x/sales.odcs.yaml", notADirectory);

    assertThat(MeshErrors.rootMessage(writing)).isEqualTo("Cannot write /etc/passwd/x/sales.odcs.yaml: /etc/passwd/x: Not a directory");
  }

  /** The JDK's NoSuchFileException and its kin carry the path alone: the reason is said as the shell says it. */
  @Test
  void aFileSystemFailureSaysWhyNotOnlyWhere() {
    java.nio.file.NoSuchFileException missing = new java.nio.file.NoSuchFileException("/nonexistent/dir/x.yaml");
    assertThat(MeshErrors.rootMessage(new UncheckedIOException("Cannot write /nonexistent/dir/x.yaml", missing)))
        .isEqualTo("Cannot write /nonexistent/dir/x.yaml: No such file or directory");
    assertThat(MeshErrors.rootMessage(new RuntimeException("wrapped", missing)))
        .isEqualTo("/nonexistent/dir/x.yaml: No such file or directory");
    assertThat(MeshErrors.rootMessage(
            new UncheckedIOException("Cannot write the site to /srv/site", new java.nio.file.AccessDeniedException("/srv/site/index.html"))))
        .isEqualTo("Cannot write the site to /srv/site: /srv/site/index.html: Permission denied");
  }

  @Test
  void withoutWordsOfItsOwnTheWrapperAddsNothing() {
    // UncheckedIOException(cause) takes the cause's toString as its message: no context to keep.
    assertThat(MeshErrors.rootMessage(new UncheckedIOException(new IOException("disk full")))).isEqualTo("disk full");
    assertThat(MeshErrors.rootMessage(new IllegalStateException("outer", new IOException("disk full")))).isEqualTo("disk full");
  }
}
