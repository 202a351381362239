package dev.mesh.stack;

import java.nio.file.Path;

/**
 * One service of the stack as {@code mesh stack status} shows it.
 *
 * @param name {@code postgres}, {@code iceberg-rest} or {@code hive-metastore}
 * @param running whether its process runs
 * @param endpoint where it answers (empty when never started)
 * @param pid its process id, 0 when it does not run
 * @param log its log file
 */
public record ServiceStatus(String name, boolean running, String endpoint, long pid, Path log) {}
