package dev.mesh.runtime;

import dev.mesh.quality.QualityEngine;
import java.util.ServiceLoader;

/** Finds the quality engine on the classpath (the quality module registers its Deequ engine as a service). */
public final class QualityEngines {
  private QualityEngines() {}

  public static QualityEngine load() {
    for (QualityEngine e : ServiceLoader.load(QualityEngine.class, Thread.currentThread().getContextClassLoader())) {
      return e;
    }
    throw new IllegalStateException(
        "No quality engine on the classpath: add the mesh-quality module (it registers META-INF/services/"
            + QualityEngine.class.getName() + ")");
  }
}
