package dev.mesh.errors;

/**
 * What kind of failure a {@link MeshException} reports. The runtime turns it into a run's status; only the command
 * line turns either into an exit code ({@code dev.mesh.runner.ExitCode}).
 */
public enum ErrorKind {
  /** Bad usage or configuration: an unknown product, bad HOCON, a cycle, a transform that cannot be found. */
  INVALID,
  /** A governance policy of severity error is broken, or the product may not read one of its inputs. */
  REFUSED,
  /** An input was never published, is stale, or has no data for the logical date. */
  INPUT_MISSING,
  /** An {@code error} quality rule failed: nothing was published. */
  QUALITY_BLOCKED,
  /** Another run of the same product is under way (it holds the product's lease): this one did not start. */
  BUSY,
  /** Anything else that stopped a run: a transform error, a contract violation, a failed write. */
  FAILED
}
