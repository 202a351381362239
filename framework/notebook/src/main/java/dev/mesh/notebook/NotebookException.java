package dev.mesh.notebook;

/**
 * A cell that cannot be evaluated, with a message that says what, why and how to fix it. The kernel reports it as a
 * Jupyter error without a Java stack trace, and stays ready for the next cell.
 */
public final class NotebookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotebookException(String message) {
    super(message);
  }

  public NotebookException(String message, Throwable cause) {
    super(message, cause);
  }
}
