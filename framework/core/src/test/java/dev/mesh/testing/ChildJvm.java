package dev.mesh.testing;

import java.util.List;

/**
 * JVM options for the short-lived JVMs tests start beside themselves (a {@code mesh} command, a driver process, a
 * notebook kernel, an analyst's session): they live seconds to a few minutes, so the C2 compiler costs them more CPU
 * than its code saves. Measured here on a 2-core machine ({@code mesh status} in a new JVM: 47-55 s of CPU with the
 * default tiered compilation, 22 s with C1 only; two notebook kernels: 146 s against 77 s). Serial GC: one GC thread
 * instead of one per core. No bytecode verification of classpath classes (Maven's jars and ours; ~13% of the CPU of
 * a JVM that starts Spark). C1 alone reserves a 48 MB code cache, too little for a JVM running many products: 240 MB,
 * as the default compiler reserves. No Spark UI: no test looks at it. Nothing here changes what the child computes.
 */
public final class ChildJvm {
  /** The JIT and GC options (also in {@code spark.executor.defaultJavaOptions} of the cluster test's executors). */
  public static final List<String> SHORT_LIVED =
      List.of(
          "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC", "-XX:+UnlockDiagnosticVMOptions",
          "-XX:-BytecodeVerificationRemote");

  /** {@link #SHORT_LIVED} and no Spark UI ({@code spark.*} system properties are Spark defaults). */
  public static final List<String> OPTIONS =
      java.util.stream.Stream.concat(SHORT_LIVED.stream(), java.util.stream.Stream.of("-Dspark.ui.enabled=false")).toList();

  private ChildJvm() {}
}
