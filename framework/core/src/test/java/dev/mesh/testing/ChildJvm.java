package dev.mesh.testing;

import java.util.List;

/**
 * JVM options for the short-lived JVMs tests start beside themselves (a {@code mesh} command, a driver process, a
 * notebook kernel, an analyst's session): they live seconds to a few minutes, so the C2 compiler costs them more CPU
 * than its code saves. Measured here on a 2-core machine ({@code mesh status} in a new JVM: 47-55 s of CPU with the
 * default tiered compilation, 22 s with C1 only; two notebook kernels: 146 s against 77 s). Serial GC: one GC thread
 * instead of one per core. No bytecode verification of classpath classes (Maven's jars and ours; ~13% of the CPU of
 * a JVM that starts Spark). C1 alone reserves a 48 MB code cache, too little for a JVM running many products: 240 MB,
 * as the default compiler reserves. No Spark UI: no test looks at it. Expressions evaluated interpreted, as in the
 * tests' own session ({@link TestSpark}): a test child's data is a few rows, and generating and compiling Java for
 * each new query cost a child about a sixth of its CPU ({@code mesh run customers.profile} in a new JVM: 21.5-25.5 s
 * against 19.0-20.7 s, twice each way). The cluster test's drivers and executors take {@link #SHORT_LIVED} only: they
 * run with Spark's code generation, as production does. Nothing here changes what the child computes.
 */
public final class ChildJvm {
  /** The JIT and GC options (also in {@code spark.executor.defaultJavaOptions} of the cluster test's executors). */
  public static final List<String> SHORT_LIVED =
      List.of(
          "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC", "-XX:+UnlockDiagnosticVMOptions",
          "-XX:-BytecodeVerificationRemote");

  /**
   * {@link #SHORT_LIVED}, no Spark UI and interpreted expressions ({@code spark.*} system properties are Spark
   * defaults).
   */
  public static final List<String> OPTIONS =
      java.util.stream.Stream.concat(
              SHORT_LIVED.stream(),
              java.util.stream.Stream.of(
                  "-Dspark.ui.enabled=false", "-Dspark.sql.codegen.wholeStage=false", "-Dspark.sql.codegen.factoryMode=NO_CODEGEN"))
          .toList();

  private ChildJvm() {}
}
