package dev.mesh.cli;

import dev.mesh.runner.Launcher;
import dev.mesh.runner.MaintainCommand;
import dev.mesh.runner.MonitorCommand;
import dev.mesh.runner.RunCommand;
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
      MonitorCommand.class,
      MaintainCommand.class,
      LogsCommand.class,
      DagCommand.class,
      NewCommand.class,
      ValidateCommand.class,
      TestCommand.class,
      DiffCommand.class,
      RollbackCommand.class,
      HoldCommand.class,
      ReleaseCommand.class,
      ContractCommand.class,
      AccessCommand.class,
      CatalogCommand.class,
      LineageCommand.class,
      NotebookCommand.class,
      StackCommand.class,
      SiteCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 run failed, 2 bad usage or configuration,",
      "            3 not published (quality gate), 4 input missing or stale;",
      "            143 (SIGTERM) or 130 (Ctrl-C): stopped, runs under way recorded failed."
    })
public final class MeshCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, e.g. mesh demo or mesh run <product>");
  }

  public static void main(String[] args) {
    Launcher.main(new MeshCli(), args);
  }

  /** Runs the command line and returns its exit code (never exits the JVM: tests call this). */
  public static int execute(String... args) {
    return Launcher.execute(new MeshCli(), args);
  }
}
