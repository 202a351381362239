package dev.mesh.config;

import java.time.Duration;

/**
 * Where OpenLineage events go ({@code mesh.lineage} in mesh.conf).
 *
 * @param transport {@code file} (JSON lines, the default), {@code http} (POST to an OpenLineage endpoint such as
 *     Marquez's {@code /api/v1/lineage}) or {@code off}
 * @param path the JSON-lines file of the {@code file} transport
 * @param url the endpoint of the {@code http} transport
 * @param namespace the OpenLineage job namespace of every product
 * @param timeout how long the {@code http} transport waits for an answer
 */
public record LineageConfig(Transport transport, String path, String url, String namespace, Duration timeout) {

  /** How events leave the process. */
  public enum Transport {
    FILE,
    HTTP,
    OFF
  }

  /** The default over a warehouse: events in {@code <warehouse>/lineage/events.jsonl}. */
  public static LineageConfig defaults(String warehouse) {
    return new LineageConfig(Transport.FILE, warehouse + "/lineage/events.jsonl", "", "mesh", Duration.ofSeconds(10));
  }
}
