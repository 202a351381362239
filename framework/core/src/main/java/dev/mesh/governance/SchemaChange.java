package dev.mesh.governance;

/**
 * One difference between the last published schema and the declared one.
 *
 * @param breaking whether existing consumers can break (needs a major version bump)
 */
public record SchemaChange(Kind kind, String column, String detail) {

  /** The kinds of change, and whether each breaks consumers. */
  public enum Kind {
    DROPPED(true),
    RENAMED(true),
    TYPE_NARROWED(true),
    BECAME_NULLABLE(true),
    ADDED(false),
    TYPE_WIDENED(false),
    BECAME_REQUIRED(false);

    private final boolean breaking;

    Kind(boolean breaking) {
      this.breaking = breaking;
    }

    public boolean breaking() {
      return breaking;
    }
  }

  public boolean breaking() {
    return kind.breaking();
  }

  @Override
  public String toString() {
    return (breaking() ? "breaking: " : "compatible: ") + column + " " + detail;
  }
}
