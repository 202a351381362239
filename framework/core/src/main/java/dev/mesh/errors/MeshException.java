package dev.mesh.errors;

/**
 * The one exception family of mesh. Messages say what went wrong, why, and how to fix it; each carries the
 * {@link ErrorKind} that decides a run's status (and, on the command line, the exit code). Build them in
 * {@link MeshErrors}.
 */
public class MeshException extends RuntimeException {
  private final ErrorKind kind;

  public MeshException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public MeshException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
