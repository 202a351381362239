package dev.mesh.source.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.api.SourceConnector.SourceRequest;
import io.trino.tpch.Distributions;
import io.trino.tpch.TextPool;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The TPC-H source's {@code text-pool-mb}: the comments are cut from a pool of that size, and nothing else changes.
 * (Small pools: dbgen's 300 MB one takes seconds to generate, which is what the option saves.)
 */
class TpchTextPoolTest {
  private static final long DAY = LocalDate.of(1995, 6, 1).toEpochDay();

  @Test
  void commentsComeFromAPoolOfTheGivenSizeAndEveryOtherColumnIsUnchanged() {
    Pool pool = new Pool(new TextPool(1024 * 1024, Distributions.getDefaultDistributions()).getText(0, 1024 * 1024));
    for (String table : List.of("customer", "orders", "lineitem", "part", "partsupp", "supplier", "nation", "region")) {
      int comment = commentColumn(table);
      List<Row> one = rows(table, 1);
      List<Row> two = rows(table, 2);

      assertThat(one).as(table).isNotEmpty().hasSameSizeAs(two);
      int moved = 0;
      for (int i = 0; i < one.size(); i++) {
        Row a = one.get(i);
        Row b = two.get(i);
        for (int c = 0; c < a.length(); c++) {
          if (c != comment) {
            assertThat(a.get(c)).as("%s row %d column %d", table, i, c).isEqualTo(b.get(c));
          }
        }
        String text = a.getString(comment);
        // Suppliers' Better Business Bureau comments splice a fixed phrase into the pool's text.
        if (!text.contains("Customer ")) {
          assertThat(pool.contains(text)).as("%s comment %s is a piece of the 1 MB pool", table, text).isTrue();
          if (i == 0) {
            String changed = text.substring(0, text.length() / 2) + '#' + text.substring(text.length() / 2 + 1);
            assertThat(pool.contains(changed)).as("%s comment %s, one character changed, is not", table, text).isFalse();
          }
        }
        moved += text.equals(b.getString(comment)) ? 0 : 1;
      }
      // Offsets are drawn over the whole pool: with twice the text, most comments are cut from elsewhere.
      assertThat(moved).as("%s comments that differ between a 1 MB and a 2 MB pool", table).isGreaterThan(one.size() / 3);
    }
  }

  /**
   * The pool's text with every position indexed by the 12 characters that start there, so that whether a comment occurs
   * in it is a binary search and a comparison at a few positions, not a scan of the megabyte for each of thousands of
   * comments (that scan, even as Boyer-Moore, was 13 % of a flight recording of the core tests). Shorter texts are
   * searched for directly.
   */
  static final class Pool {
    private static final int KEY = 12;
    private final String text;
    private final long[] starts; // (42-bit hash of the 12 characters << 20) | position, sorted

    Pool(String text) {
      if (text.length() > 1 << 20) {
        throw new IllegalArgumentException("positions are kept in 20 bits: a pool of at most 1 MB");
      }
      this.text = text;
      this.starts = new long[Math.max(0, text.length() - KEY + 1)];
      for (int p = 0; p < starts.length; p++) {
        starts[p] = (key(text, p) << 20) | p;
      }
      java.util.Arrays.sort(starts);
    }

    boolean contains(String piece) {
      if (piece.length() < KEY) {
        return text.contains(piece);
      }
      long k = key(piece, 0);
      int i = java.util.Arrays.binarySearch(starts, k << 20);
      for (int at = i >= 0 ? i : -i - 1; at < starts.length && starts[at] >>> 20 == k; at++) {
        if (text.startsWith(piece, (int) (starts[at] & ((1 << 20) - 1)))) {
          return true;
        }
      }
      return false;
    }

    /** A 42-bit hash of the 12 characters at {@code from}: equal texts, equal keys (a collision is one more look). */
    private static long key(String s, int from) {
      long k = 0;
      for (int c = 0; c < KEY; c++) {
        k = k * 1_000_003 + s.charAt(from + c);
      }
      return k & ((1L << 42) - 1);
    }
  }

  @Test
  void theDefaultIsDbgensPoolSoCommentsAreWhatTpchsOwnGeneratorGives() {
    List<Row> mesh = rows("customer", TpchPartGenerator.SPEC_TEXT_POOL_MB);
    List<io.trino.tpch.Customer> tpch = new ArrayList<>();
    io.trino.tpch.TpchTable.CUSTOMER.createGenerator(0.001, 1, 1).forEach(tpch::add);

    assertThat(mesh).hasSameSizeAs(tpch);
    int comment = commentColumn("customer");
    for (int i = 0; i < mesh.size(); i++) {
      assertThat(mesh.get(i).getString(comment)).as("comment of customer %d", i).isEqualTo(tpch.get(i).getComment());
      assertThat(mesh.get(i).getLong(0)).isEqualTo(tpch.get(i).getCustomerKey());
    }
  }

  @Test
  void aTextPoolSizeThatIsNotAWholeNumberOfMegabytesIsRefusedNamingTheInput() {
    for (String bad : List.of("0", "-5", "2048", "big", "1.5")) {
      SourceRequest request =
          new SourceRequest(null, "sales.orders", "orders", Map.of("table", "orders", "text-pool-mb", bad), LocalDate.of(1995, 6, 1));
      assertThatThrownBy(() -> new TpchSource().read(request))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Input 'orders' of sales.orders")
          .hasMessageContaining("text-pool-mb")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  private static List<Row> rows(String table, int textPoolMb) {
    TpchPartGenerator g = new TpchPartGenerator(table, 0.001, 1, false, false, DAY, Set.of(), textPoolMb);
    List<Row> out = new ArrayList<>();
    g.rows(1).forEachRemaining(out::add);
    return out;
  }

  private static int commentColumn(String table) {
    List<String> names = new ArrayList<>();
    io.trino.tpch.TpchTable.getTable(table).getColumns().forEach(c -> names.add(c.getSimplifiedColumnName()));
    assertThat(names).as(table).contains("comment");
    return names.indexOf("comment");
  }
}
