package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.Holds;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.testing.MovableClock;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holds as a long invocation sees them: read at its start, again once the re-read interval has passed. */
class ProductHoldsTest {
  @TempDir Path home;

  @Test
  void theLiveHoldsAreReadAgainOnlyOnceTheIntervalHasPassed() {
    String id = "holds_live.numbers";
    TestMesh tm = new TestMesh(home);
    tm.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
    MovableClock clock = new MovableClock(Instant.parse("2031-07-01T00:00:00Z"));
    MeshContext ctx = tm.mesh().clock(clock).context();
    ProductDescriptor d = ctx.config().product(id);
    ProductHolds holds = new ProductHolds(ctx);
    Supplier<Map<ProductId, Holds.Hold>> live = holds.live(Set.of(d.id()), Duration.ofSeconds(30));
    assertThat(live.get()).isEmpty();

    ProductHolds.Outcome held = holds.hold(d, "found mid-backfill");
    clock.advance(Duration.ofSeconds(29));
    assertThat(live.get()).as("read 29 s ago: not read again").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(live.get()).containsOnlyKeys(d.id());
    assertThat(live.get().get(d.id()).id()).isEqualTo(held.id());

    assertThat(holds.release(d, null).changed()).isTrue();
    assertThat(live.get()).containsOnlyKeys(d.id());
    clock.advance(Duration.ofSeconds(30));
    assertThat(live.get()).isEmpty();
  }
}
