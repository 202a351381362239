package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks under {@code bench/} are single-file programs started by Java's source launcher, outside the build: a
 * change to a class they call would go unnoticed until someone measures. Each one is compiled here as the launcher
 * compiles it, against the classpath their scripts give it ({@code target/mesh.classpath}, bin/mesh's: every module and
 * Spark; the quality bench's script gives it a part of that). Compiling only: running them is the benchmarks' job,
 * never the suite's.
 */
class BenchSourcesTest {

  @Test
  void everyBenchmarkProgramCompilesAgainstThePlatform(@TempDir Path out) throws IOException {
    Path bench = Path.of(System.getProperty("mesh.project.dir")).resolve("bench");
    List<Path> programs;
    try (Stream<Path> files = Files.walk(bench)) {
      programs = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(bench.resolve("results"))).sorted().toList();
    }
    assertThat(programs).extracting(p -> bench.relativize(p).toString())
        .contains("CatalogBench.java", "perf/PerfBench.java", "quality/QualityBench.java");

    String classpath = Files.readString(Path.of("target", "mesh.classpath")).trim();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // One file manager for the three: it keeps the classpath's jars open between them.
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      for (Path program : programs) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        // Each on its own, as the source launcher compiles it: one file, the class path, no annotation processing.
        Path classes = Files.createDirectories(out.resolve(bench.relativize(program).toString().replace('/', '_')));
        boolean compiled = javac.getTask(log, files, diagnostics,
                List.of("-proc:none", "-Xlint:none", "-nowarn", "-d", classes.toString(), "-cp", classpath),
                null, files.getJavaFileObjects(program))
            .call();
        List<String> errors = diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                + d.getMessage(Locale.ROOT))
            .toList();
        assertThat(errors).as("%s compiles against the platform", bench.relativize(program)).isEmpty();
        assertThat(compiled).as("%s: %s", bench.relativize(program), log).isTrue();
      }
    }
  }
}
