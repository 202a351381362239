package dev.mesh.errors;

/**
 * The one exception family of mesh. Messages say what went wrong, why, and how to fix it; each carries the exit
 * code the CLI returns for it. Build them in {@link MeshErrors}.
 */
public class MeshException extends RuntimeException {
  private final ExitCode exitCode;

  public MeshException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public MeshException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
