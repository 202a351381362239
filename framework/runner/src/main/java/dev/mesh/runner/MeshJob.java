package dev.mesh.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of a domain's job jar ({@code spark-submit --class dev.mesh.runner.MeshJob mesh-jobs-<domain>.jar
 * run <selection> --date D}): the run command alone, without the CLI's exporters or the notebook kernel.
 */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    version = "mesh 0.1.0",
    description = "Run data products of this job jar's domain, check freshness SLAs (mesh monitor) or keep tables to their retention (mesh maintain): the spark-submit entry point.",
    subcommands = {RunCommand.class, MonitorCommand.class, MaintainCommand.class, CommandLine.HelpCommand.class},
    footer = {
      "",
      "Exit codes: 0 success, 1 run failed, 2 bad usage or configuration,",
      "            3 not published (quality gate), 4 input missing or stale;",
      "            143 (SIGTERM) or 130 (Ctrl-C): stopped, runs under way recorded failed."
    })
public final class MeshJob implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: mesh run <product> --date YYYY-MM-DD");
  }

  public static void main(String[] args) {
    Launcher.main(new MeshJob(), args);
  }

  /** Runs the command line and returns its exit code (never exits the JVM). */
  public static int execute(String... args) {
    return Launcher.execute(new MeshJob(), args);
  }
}
