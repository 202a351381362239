package dev.mesh.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Optional;
import java.util.Set;

/** Schedules as Airflow takes them: a cron expression of five fields, or (where allowed) one of its presets. */
final class Schedules {
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** Airflow's presets of a recurring schedule. */
  static final Set<String> PRESETS = Set.of("@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly");

  private Schedules() {}

  /** What is wrong with a cron expression, or empty when it is one. */
  static Optional<String> cronProblem(String schedule) {
    try {
      CRON.parse(schedule).validate();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("is not a valid cron expression (5 fields, e.g. \"0 3 * * *\"): " + e.getMessage());
    }
  }

  /** What is wrong with a cron expression or an Airflow preset, or empty when it is one. */
  static Optional<String> problem(String schedule) {
    if (PRESETS.contains(schedule)) {
      return Optional.empty();
    }
    return cronProblem(schedule).map(p -> p + "; or an Airflow preset: " + String.join(", ", new java.util.TreeSet<>(PRESETS)));
  }
}
