package dev.mesh.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mesh validate}: loads every declaration and builds the product graph; nothing runs. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check every declaration and the product graph (no Spark)")
final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Session session = Session.open();
    session.graph();
    System.out.println("OK: " + session.config().products().size() + " products, configuration and graph valid.");
    return 0;
  }
}
