package dev.mesh.errors;

/** The exit codes of {@code bin/mesh}, documented in the README. */
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
