package dev.mesh.runner;

import dev.mesh.errors.ErrorKind;
import dev.mesh.runtime.RunStatus;

/**
 * The exit codes of {@code bin/mesh} and the job jars, documented in the README. The runtime knows nothing of them:
 * it returns {@link RunStatus}es and throws {@link ErrorKind}s, mapped here, on the command line only.
 */
public enum ExitCode {
  SUCCESS(0),
  RUN_FAILED(1),
  BAD_USAGE_OR_CONFIG(2),
  QUALITY_BLOCKED(3),
  INPUT_MISSING_OR_STALE(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The code of a run that ended with this status. */
  public static ExitCode of(RunStatus status) {
    return switch (status) {
      case SUCCEEDED, ROLLED_BACK, HELD, RELEASED -> SUCCESS;
      case FAILED, SKIPPED, BUSY -> RUN_FAILED;
      case BLOCKED -> QUALITY_BLOCKED;
      case INPUT_MISSING -> INPUT_MISSING_OR_STALE;
      case REFUSED -> BAD_USAGE_OR_CONFIG;
    };
  }

  /** The code of a command stopped by a failure of this kind. */
  public static ExitCode of(ErrorKind kind) {
    return switch (kind) {
      case INVALID, REFUSED -> BAD_USAGE_OR_CONFIG;
      case INPUT_MISSING -> INPUT_MISSING_OR_STALE;
      case QUALITY_BLOCKED -> QUALITY_BLOCKED;
      case FAILED, BUSY -> RUN_FAILED;
    };
  }

  /** The most severe of two codes, for a run of several products: usage > input > quality > failure. */
  public static ExitCode worst(ExitCode a, ExitCode b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(ExitCode c) {
    return switch (c) {
      case SUCCESS -> 0;
      case RUN_FAILED -> 1;
      case QUALITY_BLOCKED -> 2;
      case INPUT_MISSING_OR_STALE -> 3;
      case BAD_USAGE_OR_CONFIG -> 4;
    };
  }
}
