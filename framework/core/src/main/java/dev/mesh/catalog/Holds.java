package dev.mesh.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which products are held, from their {@code mesh.runs} rows: {@code mesh hold} (or {@code mesh rollback --hold})
 * records a {@code held} row, {@code mesh release} a {@code released} one naming the hold it lifts (in {@code
 * restored_run}); a product is held while one of its holds is not lifted. A held
 * product is not run ({@code mesh run} and the job jars pass it by, the products downstream run on its current rows)
 * until it is released. One rule for every reader of {@code mesh.runs}, as {@link Publications} is for what readers
 * read.
 */
public final class Holds {
  /** The status of a hold's row in {@code mesh.runs}. */
  public static final String HELD = "held";

  /** The status of a release's row in {@code mesh.runs}. */
  public static final String RELEASED = "released";

  /** The columns of {@code mesh.runs} a hold is read from. */
  public static final List<String> COLUMNS = List.of("run_id", "product", "status", "started_at", "reason", "restored_run");

  private Holds() {}

  /**
   * A hold in force.
   *
   * @param id the hold's id ({@code mesh.runs.run_id} of its row)
   * @param since when it was recorded
   * @param reason the reason given, or null
   */
  public record Hold(String product, String id, Instant since, String reason) {
    /**
     * Why a run of the held product does not run, as {@code mesh run} and {@code mesh plan} say it: "held since
     * 2026-12-06T10:00:00Z: the totals double-count returns; mesh release sales.orders lets it run".
     */
    public String notRun() {
      return brief() + "; mesh release " + product + " lets it run";
    }

    /** Since when and why, without the hold's id: "held since 2026-12-06T10:00:00Z: the totals double-count returns". */
    public String brief() {
      return (since == null ? "held" : "held since " + since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
          + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** One line for a person: "held since 2026-12-06T10:00:00Z (hold-…): the totals double-count returns". */
    public String describe() {
      return "held " + detail();
    }

    /** {@link #describe()} without its first word, beside a "held" label: "since … (hold-…): the reason". */
    public String detail() {
      return "since " + (since == null ? "an unknown time" : since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
          + " (" + id + ")" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
  }

  /** Whether a row of {@code mesh.runs} is a hold's or a release's (not a run). */
  public static boolean isHoldOrRelease(String status) {
    return HELD.equals(status) || RELEASED.equals(status);
  }

  /**
   * The holds in force among {@code rows} (of any products, in any order, with {@link #COLUMNS}): product to hold. A
   * release names the hold it lifts, so the rule does not depend on two rows' times (a hold and its release may be
   * recorded within the same clock tick).
   */
  public static Map<String, Hold> inForce(List<CatalogRow> rows) {
    Set<String> lifted = new java.util.HashSet<>();
    for (CatalogRow r : rows) {
      if (RELEASED.equals(r.string("status")) && r.string("restored_run") != null) {
        lifted.add(r.string("restored_run"));
      }
    }
    // Holding a held product records nothing, so a product has one hold not lifted at most; two processes holding it
    // at once may record two, the latest then shown (each release lifts one).
    Map<String, CatalogRow> latestHold = new HashMap<>();
    Comparator<CatalogRow> byTime =
        Comparator.comparing((CatalogRow r) -> r.instant("started_at"), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.string("run_id"), Comparator.nullsFirst(Comparator.naturalOrder()));
    for (CatalogRow r : rows) {
      if (HELD.equals(r.string("status")) && !lifted.contains(r.string("run_id"))) {
        latestHold.merge(r.string("product"), r, (a, b) -> byTime.compare(b, a) >= 0 ? b : a);
      }
    }
    Map<String, Hold> out = new TreeMap<>();
    latestHold.forEach((product, r) ->
        out.put(product, new Hold(product, r.string("run_id"), r.instant("started_at"), r.string("reason"))));
    return out;
  }

  /** The holds in force on {@code products} (ids), read from {@code mesh.runs} (no rows: none). */
  public static Map<String, Hold> read(CatalogReader catalog, Set<String> products) {
    return inForce(catalog.readWhereIn(CatalogTable.RUNS, COLUMNS, "status", Set.of(HELD, RELEASED)).stream()
        .filter(r -> products.contains(r.string("product"))).toList());
  }
}
