package dev.mesh.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * How {@code mesh dag} exports the mesh to Airflow ({@code mesh.orchestration { ... }}). Every key, its default and
 * its meaning are in {@code framework/core/src/main/resources/reference.conf}.
 *
 * @param jarDir where the jars are on the Spark submit side: a task submits {@code <jarDir>/mesh-jobs-<domain>.jar}
 *     with {@code <jarDir>/mesh-runtime.jar} (the platform's code, shared by every domain) as its extra jar
 * @param connId the Airflow Spark connection the tasks submit through (its host is the master)
 * @param dagIdPrefix a domain's DAG id is this prefix followed by the domain
 * @param startDate the DAGs' start date
 * @param catchup whether Airflow schedules the runs missed since the start date
 * @param maxActiveRuns DAG runs of one domain under way at once (1: dates in order, as {@code mesh run} does)
 * @param dependsOnPast a product's run waits for its previous date to succeed (as {@code mesh run} does)
 * @param retries retries of a failed task, for products that declare none
 * @param retryDelay the wait before a retry
 * @param dateTemplate the Airflow template of the logical date passed as {@code --date}
 * @param tags tags of every DAG (the domain and the products' tags are added)
 * @param sparkConf Spark settings of every task, over the platform's {@code mesh.spark.conf}
 * @param sensorMode how a cross-domain sensor waits: {@code reschedule} (frees its worker slot) or {@code poke}
 * @param sensorTimeout how long a cross-domain sensor waits before failing
 * @param sensorPokeInterval how often a cross-domain sensor checks
 * @param maintenanceSchedule when the maintenance DAG runs {@code mesh maintain --all} (cron or Airflow preset); empty:
 *     no maintenance DAG
 */
public record OrchestrationConfig(
    String jarDir,
    String connId,
    String dagIdPrefix,
    LocalDate startDate,
    boolean catchup,
    int maxActiveRuns,
    boolean dependsOnPast,
    int retries,
    Duration retryDelay,
    String dateTemplate,
    List<String> tags,
    Map<String, String> sparkConf,
    String sensorMode,
    Duration sensorTimeout,
    Duration sensorPokeInterval,
    String maintenanceSchedule) {

  /** The entry point every task runs: the mesh command line. */
  public static final String JAVA_CLASS = "dev.mesh.runner.MeshJob";

  public OrchestrationConfig {
    tags = List.copyOf(tags);
    sparkConf = Map.copyOf(sparkConf);
  }

  /** The defaults of reference.conf, for code that builds a platform config by hand. */
  public static OrchestrationConfig defaults() {
    return new OrchestrationConfig(
        "/opt/mesh/jobs", "spark_default", "mesh_", LocalDate.of(2024, 1, 1), false, 1, true, 0,
        Duration.ofMinutes(5), "{{ ds }}", List.of("mesh"), Map.of(), "reschedule", Duration.ofHours(6),
        Duration.ofMinutes(5), "0 4 * * 0");
  }

  /** The job jar of a domain: a stable name, so DAGs need not change with versions. */
  public String jobJar(String domain) {
    return inJarDir("mesh-jobs-" + domain + ".jar");
  }

  /** The platform's runtime jar every task adds to its domain's jar (framework/runtime-jar's mesh-runtime.jar). */
  public String runtimeJar() {
    return inJarDir("mesh-runtime.jar");
  }

  private String inJarDir(String file) {
    return (jarDir.endsWith("/") ? jarDir : jarDir + "/") + file;
  }
}
