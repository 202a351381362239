package dev.mesh.runtime;

import dev.mesh.errors.ErrorKind;
import java.util.Locale;

/** How a product's run ended, as recorded in {@code mesh.runs}. */
public enum RunStatus {
  SUCCEEDED,
  FAILED,
  /** Not published: an {@code error} quality rule (or a not-null contract column) failed. */
  BLOCKED,
  /** Not run: an input was missing or stale. */
  INPUT_MISSING,
  /** Not run: a product it depends on failed in the same invocation. */
  SKIPPED,
  /** Not run: it breaks a governance policy of severity error, or may not read one of its inputs. */
  REFUSED,
  /** Not run: another run of the same product was under way (it held the product's lease). */
  BUSY,
  /**
   * Not a run: {@code mesh rollback} made the rows of an earlier run's version current again ({@code
   * mesh.runs.restored_run}); the runs published after that one are withdrawn.
   */
  ROLLED_BACK,
  /**
   * The product is held ({@code mesh hold}, {@code mesh rollback --hold}): as a {@code mesh.runs} row, the hold itself
   * (not a run); as the outcome of a run, not run because of it (and not recorded: the hold's row says why).
   */
  HELD,
  /** Not a run: {@code mesh release} lifted the product's hold; its runs run again. */
  RELEASED;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status of a run stopped by a failure of this kind. */
  public static RunStatus of(ErrorKind kind) {
    return switch (kind) {
      case REFUSED -> REFUSED;
      case INPUT_MISSING -> INPUT_MISSING;
      case QUALITY_BLOCKED -> BLOCKED;
      case BUSY -> BUSY;
      case INVALID, FAILED -> FAILED;
    };
  }
}
