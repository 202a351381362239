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
    for (String table : List.of("customer", "orders", "lineitem", "part", "partsupp", "supplier", "nation", "region")) {
      int comment = commentColumn(table);
      List<Row> one = rows(table, 1);
      List<Row> two = rows(table, 2);

      assertThat(one).as(table).isNotEmpty().hasSameSizeAs(two);
      String pool = new TextPool(1024 * 1024, Distributions.getDefaultDistributions()).getText(0, 1024 * 1024);
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
          assertThat(inPool(pool, text)).as("%s comment %s is a piece of the 1 MB pool", table, text).isTrue();
        }
        moved += text.equals(b.getString(comment)) ? 0 : 1;
      }
      // Offsets are drawn over the whole pool: with twice the text, most comments are cut from elsewhere.
      assertThat(moved).as("%s comments that differ between a 1 MB and a 2 MB pool", table).isGreaterThan(one.size() / 3);
    }
  }

  /**
   * Whether {@code text} occurs in {@code pool}: a literal pattern, which the JDK searches with Boyer-Moore (String's
   * own search, without C2's intrinsic in the tests' C1-only JVMs, compares at every offset of the megabyte, for each
   * of thousands of comments: 13 % of a flight recording of the core tests; this class alone 12.1 s of CPU against
   * 10.2 s).
   */
  private static boolean inPool(String pool, String text) {
    return java.util.regex.Pattern.compile(text, java.util.regex.Pattern.LITERAL).matcher(pool).find();
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
