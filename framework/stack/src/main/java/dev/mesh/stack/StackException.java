package dev.mesh.stack;

/** A service of the stack could not be found, started, reached or stopped; the message says which and what to do. */
public class StackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
