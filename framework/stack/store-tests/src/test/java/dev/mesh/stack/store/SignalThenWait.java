package dev.mesh.stack.store;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@link Transforms.Numbers}, but on the 2nd of a month it first creates the file {@code -Ddev.mesh.testing.reached} and then
 * waits (up to 4 minutes) for the file {@code -Ddev.mesh.testing.gate}: a test takes the store away while the run is inside
 * its transform, before its write.
 */
public final class SignalThenWait implements Transform {
  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    if (ctx.logicalDate().getDayOfMonth() == 2) {
      try {
        Files.createFile(Path.of(System.getProperty("dev.mesh.testing.reached")));
        Path gate = Path.of(System.getProperty("dev.mesh.testing.gate"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(gate)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the gate " + gate + " never opened");
          }
          Thread.sleep(100);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new Transforms.Numbers().apply(ctx);
  }
}
