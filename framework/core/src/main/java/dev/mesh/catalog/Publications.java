package dev.mesh.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A product's publication line, from its {@code mesh.runs} rows: the runs whose rows its table holds, oldest first,
 * each with the version that holds them now. A {@code succeeded} run adds its version to the line; a {@code
 * rolled-back} row ({@code mesh rollback}) withdraws every publication after the run it restored, whose rows become
 * current again at the rollback's version. The line's last entry is what readers read: its run's logical date and
 * end time (freshness: when those rows were published) and the version now current. One rule for every reader of
 * {@code mesh.runs} ({@code mesh status}, {@code mesh catalog}, {@code mesh monitor}, {@code mesh rollback}, the site,
 * the notebooks).
 */
public final class Publications {
  /** The status of a rollback's row in {@code mesh.runs}. */
  public static final String ROLLED_BACK = "rolled-back";

  private static final Comparator<Instant> OLDEST_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  private Publications() {}

  /** The columns of {@code mesh.runs} an {@link Entry} is made of. */
  public static final List<String> COLUMNS =
      List.of("run_id", "status", "logical_date", "started_at", "ended_at", "table_version", "restored_run");

  /** The columns of a {@code mesh.runs} row the line needs. */
  public record Entry(
      String runId, String status, LocalDate logicalDate, Instant startedAt, Instant endedAt, Long tableVersion, String restoredRun) {

    public static Entry of(CatalogRow r) {
      return new Entry(
          r.string("run_id"), r.string("status"), r.date("logical_date"), r.instant("started_at"), r.instant("ended_at"),
          r.longValue("table_version"), r.string("restored_run"));
    }

    boolean rollback() {
      return ROLLED_BACK.equals(status);
    }
  }

  /**
   * One entry of the line.
   *
   * @param run the run whose rows these are (a rollback's own row when the run it restored is not among the rows)
   * @param version the version that holds them now: a rollback's, when one made them current again, else the run's own
   * @param restoredBy the latest rollback that made them current again, or null
   */
  public record Publication(Entry run, Long version, Entry restoredBy) {
    /** Every version that held these rows (the run's own, then the rollback's), for finding who read them. */
    public List<Long> versions() {
      List<Long> out = new ArrayList<>();
      if (run.tableVersion() != null) {
        out.add(run.tableVersion());
      }
      if (version != null && !out.contains(version)) {
        out.add(version);
      }
      return out;
    }
  }

  /** The line of one product's runs (in any order), oldest publication first. */
  public static List<Publication> line(List<Entry> runs) {
    List<Entry> byEnd = new ArrayList<>(runs);
    byEnd.sort(Comparator.comparing(Entry::endedAt, OLDEST_FIRST));
    List<Publication> line = new ArrayList<>();
    for (Entry e : byEnd) {
      if ("succeeded".equals(e.status()) && e.tableVersion() != null) {
        line.add(new Publication(e, e.tableVersion(), null));
      } else if (e.rollback()) {
        int restored = indexOf(line, e.restoredRun());
        if (restored < 0) {
          // The run it restored is not among the rows (a catalog cut short): its rows are the rollback's to show.
          line.add(new Publication(e, e.tableVersion(), e));
        } else {
          Publication back = line.get(restored);
          line.subList(restored + 1, line.size()).clear();
          line.set(restored, new Publication(back.run(), e.tableVersion(), e));
        }
      }
    }
    return line;
  }

  /** What readers read now: the last entry of the line, or empty when nothing was ever published. */
  public static Optional<Publication> current(List<Entry> runs) {
    List<Publication> line = line(runs);
    return line.isEmpty() ? Optional.empty() : Optional.of(line.get(line.size() - 1));
  }

  /** The position of {@code runId}'s publication in the line, or -1. */
  public static int indexOf(List<Publication> line, String runId) {
    for (int i = 0; i < line.size(); i++) {
      if (line.get(i).run().runId() != null && line.get(i).run().runId().equals(runId)) {
        return i;
      }
    }
    return -1;
  }
}
