package dev.mesh.runner;

import dev.mesh.errors.ConfigException;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command line the way every mesh entry point does (bin/mesh and the job jars): a mesh error is one
 * line with its exit code, anything else one line plus the stack trace only when verbose ({@link #verbose()}).
 */
public final class Launcher {
  /**
   * The lowest level of the libraries' log (Spark, Delta, Iceberg, Hadoop) that bin/log4j2.properties prints on
   * stderr: {@code off} unless verbose, when the launcher sets it to {@code warn} (their log always goes to
   * {@code logs/mesh.log}).
   */
  static final String STDERR_LOG_LEVEL = "mesh.log.stderr";

  private Launcher() {}

  /** Verbose: {@code MESH_VERBOSE} is set, or {@code -Dmesh.verbose=true}. Stack traces then reach the terminal. */
  public static boolean verbose() {
    return Boolean.getBoolean("mesh.verbose") || System.getenv("MESH_VERBOSE") != null;
  }

  /** Runs the command line and returns its exit code (never exits the JVM: tests call this). */
  public static int execute(Object command, String... args) {
    if (verbose() && System.getProperty(STDERR_LOG_LEVEL) == null) {
      // Before anything logs: the logging configuration reads it once, when Spark first logs.
      System.setProperty(STDERR_LOG_LEVEL, "warn");
    }
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(Launcher::handle);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("mesh: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.BAD_USAGE_OR_CONFIG.code();
        });
    return cl.execute(args);
  }

  /** Runs the command line and exits the JVM with its code (Spark leaves non-daemon threads behind). */
  public static void main(Object command, String... args) {
    int code = execute(command, args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException ce) {
      err.println("mesh: " + ce.getMessage());
      return ExitCode.of(ce.kind()).code();
    }
    if (e instanceof MeshException me) {
      err.println("mesh: " + me.getMessage());
      return ExitCode.of(me.kind()).code();
    }
    err.println("mesh: " + MeshErrors.rootMessage(e));
    if (verbose()) {
      e.printStackTrace(err);
    } else {
      err.println("(set MESH_VERBOSE=1 for the stack trace)");
    }
    return ExitCode.RUN_FAILED.code();
  }
}
