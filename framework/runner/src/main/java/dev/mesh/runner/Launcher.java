package dev.mesh.runner;

import dev.mesh.errors.ConfigException;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import java.io.PrintWriter;
import java.util.List;
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
          err.println("mesh: " + usageMessage(ex));
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.BAD_USAGE_OR_CONFIG.code();
        });
    return cl.execute(args);
  }

  /** What was wrong with the command line, in words: an unknown command or option named, with close matches. */
  static String usageMessage(CommandLine.ParameterException ex) {
    if ("Missing required subcommand".equals(ex.getMessage())) {
      // picocli's words for a command group typed alone (mesh contract): name what it holds.
      CommandLine cl = ex.getCommandLine();
      return "Name a subcommand: " + cl.getCommandSpec().qualifiedName() + " " + String.join(" | ", subcommands(cl)) + ".";
    }
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return ex.getMessage();
    }
    CommandLine cl = ex.getCommandLine();
    String first = u.getUnmatched().get(0);
    String where = cl.getCommandSpec().qualifiedName();
    // picocli's own suggestions are loose (any shared letters); only names a few edits away are offered.
    // An option is offered only for what looks like one: '1' is no typo of '-V'.
    List<String> names = new java.util.ArrayList<>(cl.getSubcommands().keySet());
    if (first.startsWith("-")) {
      cl.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
    }
    List<String> close = dev.mesh.errors.MeshErrors.closest(first, names);
    String suggestion = close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close.stream().map(c -> "'" + c + "'").toList()) + "?";
    if (first.startsWith("-")) {
      return "unknown option '" + first + "' for '" + where + "'" + suggestion;
    }
    if (!cl.getSubcommands().isEmpty() && !hasPositionals(cl)) {
      String commands = String.join(", ", subcommands(cl));
      return "unknown command '" + first + "'" + (close.isEmpty() ? ". Commands: " + commands + "." : suggestion);
    }
    String quoting =
        hasPositionals(cl) && close.isEmpty()
            ? " (it takes " + String.join(" ", cl.getCommandSpec().positionalParameters().stream().map(p -> p.paramLabel()).toList())
                + "; a value with spaces goes in quotes)"
            : "";
    return "unexpected argument '" + first + "' for '" + where + "'" + suggestion + quoting;
  }

  /** The subcommands of {@code cl} a user would type (picocli's own {@code help} left out). */
  private static List<String> subcommands(CommandLine cl) {
    return cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
  }

  private static boolean hasPositionals(CommandLine cl) {
    return !cl.getCommandSpec().positionalParameters().isEmpty();
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
