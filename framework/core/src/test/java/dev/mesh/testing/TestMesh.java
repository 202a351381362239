package dev.mesh.testing;

import dev.mesh.catalog.CatalogStore;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.core.Mesh;
import dev.mesh.runtime.MeshContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A mesh project in a temporary directory for tests: write conf and SQL files, load them exactly as bin/mesh
 * does, and run against the shared test session and warehouse.
 */
public final class TestMesh {
  private final Path home;
  private final String warehouse;

  public TestMesh(Path home) {
    this(home, TestSpark.warehouse().toString());
  }

  private TestMesh(Path home, String warehouse) {
    this.home = home;
    this.warehouse = warehouse;
    write("conf/mesh.conf", "mesh { warehouse = \"" + warehouse + "\" }\n");
  }

  /** Rewrites conf/mesh.conf: the test warehouse plus {@code settings} (HOCON inside {@code mesh { ... }}). */
  public TestMesh platform(String settings) {
    write("conf/mesh.conf", "mesh {\n  warehouse = \"" + warehouse + "\"\n" + settings + "\n}\n");
    return this;
  }

  /** A mesh for tests that never run a product (config, graph, plan, DAG export): Spark is not started. */
  public static TestMesh withoutSpark(Path home) {
    return new TestMesh(home, home.resolve("warehouse").toString());
  }

  public Path home() {
    return home;
  }

  /** Writes a file below the project home (creating directories) and returns its path. */
  public Path write(String relative, String content) {
    Path p = home.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public MeshConfig load() {
    return new MeshConfigLoader(home, Map.of(), new Properties()).load();
  }

  /** The mesh opened as every entry point opens it, on the shared test session; lineage and alerts off unless asked for. */
  public Mesh mesh() {
    return Mesh.of(load()).on(TestSpark.session()).withoutLineage().withoutAlerts();
  }

  /** The mesh with alerts on (as mesh.alerts configures them), reading channel secrets from {@code env}. */
  public Mesh meshWithAlerts(Map<String, String> env) {
    return Mesh.of(load(), env).on(TestSpark.session()).withoutLineage();
  }

  public MeshContext context() {
    return mesh().context();
  }

  /** The context with these run listeners, e.g. a {@code LineageListener}. */
  public MeshContext context(java.util.function.Function<MeshContext, dev.mesh.runtime.RunListener> listener) {
    MeshContext ctx = context();
    return ctx.withListener(listener.apply(ctx));
  }

  public CatalogStore catalog() {
    return context().catalog();
  }
}
