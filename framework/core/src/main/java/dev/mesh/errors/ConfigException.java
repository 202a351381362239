package dev.mesh.errors;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in the configuration, reported together (exit code 2). */
public class ConfigException extends MeshException {
  private final List<ConfigProblem> problems;

  /** The problems, reported in file and line order (a problem without a place first). */
  public ConfigException(List<ConfigProblem> problems) {
    this(sorted(problems), true);
  }

  private ConfigException(List<ConfigProblem> sorted, boolean ignored) {
    super(ErrorKind.INVALID, format(sorted));
    this.problems = sorted;
  }

  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    return problems.stream()
        .sorted(
            java.util.Comparator.comparing((ConfigProblem p) -> p.origin() == null ? "" : p.origin().file())
                .thenComparingInt(p -> p.origin() == null ? -1 : p.origin().line()))
        .toList();
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
