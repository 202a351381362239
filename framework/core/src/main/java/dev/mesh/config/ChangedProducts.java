package dev.mesh.config;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformSpec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The products a set of changed files touches, for a selection of what changed (a branch's products in CI): a
 * product's own declaration, SQL file, Java class or unit tests; every product of a domain whose {@code domain.conf}
 * changed, and every Java-transform product of a domain whose job module changed elsewhere (a helper class, its
 * {@code pom.xml}: which transform uses what is not known); every product when another file of {@code conf/} changed
 * (platform settings, governance policies). Files outside the project's {@code conf/} and {@code jobs/} touch none.
 */
public final class ChangedProducts {
  private ChangedProducts() {}

  /** The products {@code changed} (paths absolute, or relative to the working directory) touch. */
  public static SortedSet<ProductId> of(MeshConfig config, Collection<Path> changed) {
    Path home = config.platform().home().toAbsolutePath().normalize();
    Path conf = home.resolve("conf");
    Path jobs = home.resolve("jobs");
    TransformTestsLoader tests = new TransformTestsLoader(config);
    SortedSet<ProductId> out = new TreeSet<>();
    Set<Path> files = changed.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
    Set<Path> transformSources =
        config.all().stream().map(p -> javaSource(p, jobs)).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    for (ProductDescriptor p : config.all()) {
      for (Path f : files) {
        if (touches(p, f, conf, jobs, tests, transformSources)) {
          out.add(p.id());
          break;
        }
      }
    }
    return out;
  }

  private static boolean touches(
      ProductDescriptor p, Path f, Path conf, Path jobs, TransformTestsLoader tests, Set<Path> transformSources) {
    String domain = p.id().domain();
    Path module = jobs.resolve(domain);
    if (f.equals(declaredIn(p)) || tests.directories(domain).stream().anyMatch(d -> f.equals(d.toAbsolutePath().normalize().resolve(p.id().name() + ".conf")))) {
      return true;
    }
    if (p.transform() instanceof TransformSpec.SqlFile sql && sql.resolved() != null
        && f.equals(sql.resolved().toAbsolutePath().normalize())) {
      return true;
    }
    if (f.startsWith(conf) && f.getFileName().toString().endsWith(".conf")) {
      // A domain's defaults touch its products; any other configuration file (platform, governance) touches all.
      if (f.getFileName().toString().equals("domain.conf")) {
        return f.getParent().equals(conf.resolve(domain));
      }
      return !isDeclaration(f, conf);
    }
    if (p.transform() instanceof TransformSpec.JavaClass && f.startsWith(module.resolve("src"))) {
      // Its own class, or a file of its module that is no product's transform (a class it may use, a resource).
      return f.equals(javaSource(p, jobs)) || !transformSources.contains(f);
    }
    return p.transform() instanceof TransformSpec.JavaClass && f.equals(module.resolve("pom.xml"));
  }

  private static Path declaredIn(ProductDescriptor p) {
    return p.origin() == null ? null : Path.of(p.origin().file()).toAbsolutePath().normalize();
  }

  /** A product declaration's file ({@code conf/<domain>/<name>.conf}): it touches only what it declares. */
  private static boolean isDeclaration(Path f, Path conf) {
    return f.getParent() != null && f.getParent().getParent() != null && f.getParent().getParent().equals(conf);
  }

  /** Where a Java transform's class is written in its domain's job module; null for a SQL transform. */
  private static Path javaSource(ProductDescriptor p, Path jobs) {
    if (!(p.transform() instanceof TransformSpec.JavaClass java)) {
      return null;
    }
    // A nested class (Outer$Inner) is written in its outer class's file.
    String top = java.className().contains("$") ? java.className().substring(0, java.className().indexOf('$')) : java.className();
    return jobs.resolve(p.id().domain()).resolve("src/main/java").resolve(top.replace('.', '/') + ".java");
  }
}
