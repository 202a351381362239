package dev.mesh.cli;

import dev.mesh.errors.ConfigException;
import dev.mesh.errors.ExitCode;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mesh} command line: the one entry point of local runs, spark-submit and the Airflow tasks. */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    version = "mesh 0.1.0",
    description = "Run and explore a data mesh: products declared in conf/, transforms in jobs/.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      SqlCommand.class,
      PlanCommand.class,
      QualityCommand.class,
      StatusCommand.class,
      DagCommand.class,
      ValidateCommand.class,
      ContractCommand.class,
      CatalogCommand.class,
      LineageCommand.class,
      NotebookCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 run failed, 2 bad usage or configuration,",
      "            3 not published (quality gate), 4 input missing or stale."
    })
public final class MeshCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, e.g. mesh demo or mesh run <product>");
  }

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.err.flush();
    // Spark leaves non-daemon threads behind: exit explicitly.
    System.exit(code);
  }

  /** Runs the command line and returns its exit code (never exits the JVM: tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new MeshCli());
    cl.setExecutionExceptionHandler(MeshCli::handle);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("mesh: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.BAD_USAGE_OR_CONFIG.code();
        });
    return cl.execute(args);
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException ce) {
      err.println("mesh: " + ce.getMessage());
      return ce.exitCode().code();
    }
    if (e instanceof MeshException me) {
      err.println("mesh: " + me.getMessage());
      return me.exitCode().code();
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
