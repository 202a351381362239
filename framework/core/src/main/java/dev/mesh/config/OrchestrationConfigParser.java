package dev.mesh.config;

import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code mesh.orchestration { ... }} into an {@link OrchestrationConfig}, reporting every problem. */
final class OrchestrationConfigParser {
  private static final Set<String> KEYS =
      Set.of(
          "jar-dir", "conn-id", "dag-id-prefix", "start-date", "catchup", "max-active-runs", "depends-on-past",
          "retries", "retry-delay", "date-template", "tags", "spark-conf", "sensor", "maintenance-schedule");
  private static final Set<String> SENSOR_KEYS = Set.of("mode", "timeout", "poke-interval");

  private OrchestrationConfigParser() {}

  /** The parsed block; the defaults when it is absent. */
  static OrchestrationConfig parse(ConfigReader o) {
    OrchestrationConfig d = OrchestrationConfig.defaults();
    if (o == null) {
      return d;
    }
    o.rejectUnknownKeys(KEYS);
    String jarDir = o.string("jar-dir", d.jarDir());
    if (jarDir.isBlank()) {
      o.problem("jar-dir", "must name the directory (or URI) holding the mesh-jobs-<domain>.jar files");
    }
    String prefix = o.string("dag-id-prefix", d.dagIdPrefix());
    if (!prefix.matches("[A-Za-z0-9_.-]*")) {
      o.problem("dag-id-prefix", "may hold only letters, digits, '_', '.' and '-' (Airflow DAG ids), got '" + prefix + "'");
    }
    LocalDate start = o.date("start-date", d.startDate(), "must be a date YYYY-MM-DD");
    long maxActive = o.integer("max-active-runs", (long) d.maxActiveRuns());
    if (maxActive < 1) {
      o.problem("max-active-runs", "must be at least 1, got " + maxActive);
      maxActive = 1;
    }
    long retries = o.integer("retries", (long) d.retries());
    if (retries < 0 || retries > 100) {
      o.problem("retries", "must be a whole number from 0 to 100, got " + retries);
      retries = 0;
    }
    Duration retryDelay = positive(o, "retry-delay", d.retryDelay());
    String dateTemplate = o.string("date-template", d.dateTemplate());
    if (!dateTemplate.contains("{{")) {
      o.problem("date-template", "must be an Airflow template such as \"{{ ds }}\", got '" + dateTemplate + "'");
    }
    Map<String, String> sparkConf = new LinkedHashMap<>();
    ConfigReader conf = o.object("spark-conf");
    if (conf != null) {
      for (Map.Entry<String, ConfigValue> e : conf.raw().entrySet()) {
        sparkConf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
      }
    }
    String mode = d.sensorMode();
    Duration timeout = d.sensorTimeout();
    Duration poke = d.sensorPokeInterval();
    ConfigReader sensor = o.object("sensor");
    if (sensor != null) {
      sensor.rejectUnknownKeys(SENSOR_KEYS);
      mode = sensor.string("mode", mode);
      if (!Set.of("reschedule", "poke").contains(mode)) {
        sensor.problem("mode", "must be reschedule or poke, got '" + mode + "'");
      }
      timeout = positive(sensor, "timeout", timeout);
      poke = positive(sensor, "poke-interval", poke);
    }
    String maintenance = o.string("maintenance-schedule", d.maintenanceSchedule()).strip();
    if (!maintenance.isEmpty()) {
      Schedules.problem(maintenance).ifPresent(problem -> o.problem("maintenance-schedule", problem + " (\"\" for no maintenance DAG)"));
    }
    return new OrchestrationConfig(
        jarDir,
        o.string("conn-id", d.connId()),
        prefix,
        start,
        o.bool("catchup", d.catchup()),
        (int) maxActive,
        o.bool("depends-on-past", d.dependsOnPast()),
        (int) retries,
        retryDelay,
        dateTemplate,
        o.has("tags") ? o.stringList("tags") : d.tags(),
        sparkConf,
        mode,
        timeout,
        poke,
        maintenance);
  }

  private static Duration positive(ConfigReader r, String key, Duration fallback) {
    Duration v = r.duration(key, fallback);
    if (v.isNegative() || v.isZero() || v.toMillis() % 1000 != 0) {
      r.problem(key, "must be a positive whole number of seconds such as 30s, 5m or 6h, got " + v);
      return fallback;
    }
    return v;
  }
}
