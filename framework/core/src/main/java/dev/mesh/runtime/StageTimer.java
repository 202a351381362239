package dev.mesh.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Measures the stages of one run, in the order they ran. */
final class StageTimer {
  private final Map<String, Long> millis = new LinkedHashMap<>();

  <T> T time(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      millis.merge(stage, (System.nanoTime() - start) / 1_000_000, Long::sum);
    }
  }

  void time(String stage, Runnable work) {
    time(
        stage,
        () -> {
          work.run();
          return null;
        });
  }

  Map<String, Long> snapshot() {
    return new LinkedHashMap<>(millis);
  }
}
