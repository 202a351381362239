package dev.mesh.model;

import java.nio.file.Path;

/** How a product's output is computed from its inputs. */
public sealed interface TransformSpec {

  /** A class implementing {@link dev.mesh.api.Transform}, loaded from the classpath. */
  record JavaClass(String className) implements TransformSpec {}

  /**
   * A Spark SQL file referring to inputs by alias.
   *
   * @param file the file as declared
   * @param resolved where it was found (null if it could not be found when the config was loaded)
   * @param declaredAt the file and line of {@code transform.sql}, for messages about the SQL's contents
   */
  record SqlFile(String file, Path resolved, Origin declaredAt) implements TransformSpec {}
}
