package dev.mesh.runner;

import dev.mesh.errors.ConfigException;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command line the way every mesh entry point does (bin/mesh and the job jars): a mesh error is one
 * line with its exit code, anything else one line plus the stack trace only when {@code MESH_VERBOSE} is set.
 */
public final class Launcher {
  private Launcher() {}

  /** Runs the command line and returns its exit code (never exits the JVM: tests call this). */
  public static int execute(Object command, String... args) {
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
    if (Boolean.getBoolean("mesh.verbose") || System.getenv("MESH_VERBOSE") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set MESH_VERBOSE=1 for the stack trace)");
    }
    return ExitCode.RUN_FAILED.code();
  }
}
