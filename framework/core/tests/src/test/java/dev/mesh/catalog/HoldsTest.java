package dev.mesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which products are held: each product's latest {@code held} row, unless a {@code released} row lifts it; runs do not. */
class HoldsTest {
  private static CatalogRow row(String product, String id, String status, String at, String reason) {
    return row(product, id, status, at, reason, null);
  }

  private static CatalogRow row(String product, String id, String status, String at, String reason, String lifted) {
    Map<String, Object> v = new HashMap<>();
    v.put("restored_run", lifted);
    v.put("product", product);
    v.put("run_id", id);
    v.put("status", status);
    v.put("started_at", Instant.parse(at));
    v.put("reason", reason);
    return new CatalogRow(v);
  }

  @Test
  void aHoldIsInForceUntilAReleaseNamesIt() {
    List<CatalogRow> rows = List.of(
        // s.a: held, released, held again (rows in any order); a run after the hold changes nothing.
        row("s.a", "hold-2", "held", "2026-01-03T00:00:00Z", "still wrong"),
        row("s.a", "hold-1", "held", "2026-01-01T00:00:00Z", "wrong units"),
        row("s.a", "r-9", "succeeded", "2026-01-04T00:00:00Z", null),
        row("s.a", "release-1", "released", "2026-01-02T00:00:00Z", "fixed", "hold-1"),
        // s.b: held, then released.
        row("s.b", "hold-3", "held", "2026-01-01T00:00:00Z", null),
        row("s.b", "release-2", "released", "2026-01-05T00:00:00Z", null, "hold-3"),
        // s.d: held and released within one clock tick (the release read first): it names the hold it lifts.
        row("s.d", "release-3", "released", "2026-01-06T00:00:00Z", null, "hold-4"),
        row("s.d", "hold-4", "held", "2026-01-06T00:00:00Z", null),
        // s.e: held, released and held again within one clock tick: the hold no release names is in force, whatever
        // the order of the ids.
        row("s.e", "hold-9", "held", "2026-01-07T00:00:00Z", "first"),
        row("s.e", "release-9", "released", "2026-01-07T00:00:00Z", null, "hold-9"),
        row("s.e", "hold-10", "held", "2026-01-07T00:00:00Z", "second"),
        // s.c: runs only.
        row("s.c", "r-1", "failed", "2026-01-01T00:00:00Z", null));

    Map<String, Holds.Hold> held = Holds.inForce(rows);

    assertThat(held).containsOnlyKeys("s.a", "s.e");
    assertThat(held.get("s.e").id()).isEqualTo("hold-10");
    assertThat(held.get("s.a")).isEqualTo(new Holds.Hold("s.a", "hold-2", Instant.parse("2026-01-03T00:00:00Z"), "still wrong"));
    assertThat(held.get("s.a").describe()).isEqualTo("held since 2026-01-03T00:00:00Z (hold-2): still wrong");
    assertThat(new Holds.Hold("s.b", "hold-3", Instant.parse("2026-01-01T00:00:00.123Z"), null).describe())
        .isEqualTo("held since 2026-01-01T00:00:00Z (hold-3)");
  }
}
