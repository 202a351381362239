package dev.mesh.errors;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in the configuration, reported together (exit code 2). */
public class ConfigException extends MeshException {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(ErrorKind.INVALID, format(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " configuration problem" : " configuration problems")
        + ":\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
