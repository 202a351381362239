package dev.mesh.runtime;

import dev.mesh.errors.ExitCode;
import java.util.Locale;

/** How a product's run ended, as recorded in {@code mesh.runs}. */
public enum RunStatus {
  SUCCEEDED(ExitCode.SUCCESS),
  FAILED(ExitCode.RUN_FAILED),
  /** Not published: an {@code error} quality rule (or a not-null contract column) failed. */
  BLOCKED(ExitCode.QUALITY_BLOCKED),
  /** Not run: an input was missing or stale. */
  INPUT_MISSING(ExitCode.INPUT_MISSING_OR_STALE),
  /** Not run: a product it depends on failed in the same invocation. */
  SKIPPED(ExitCode.RUN_FAILED),
  /** Not run: it breaks a governance policy of severity error, or may not read one of its inputs. */
  REFUSED(ExitCode.BAD_USAGE_OR_CONFIG);

  private final ExitCode exitCode;

  RunStatus(ExitCode exitCode) {
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static RunStatus of(ExitCode code) {
    return switch (code) {
      case SUCCESS -> SUCCEEDED;
      case QUALITY_BLOCKED -> BLOCKED;
      case INPUT_MISSING_OR_STALE -> INPUT_MISSING;
      default -> FAILED;
    };
  }
}
