package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh diff} as a domain engineer uses it before publishing a change: the rows it would add, remove and change
 * with a sample of each, the exit code of the run it previews, the JSON document for CI, and its usage errors.
 */
class DiffCommandTest {
  private static final String PRICES = "SELECT sku, CAST(price AS DECIMAL(10,2)) AS price FROM VALUES %s AS t(sku, price)";

  @TempDir Path home;

  @Test
  void aChangedTransformShowsItsRowsBeforePublishingAndABlockedOneExitsAsItsRunWould() throws Exception {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/shop/prices.conf", Products.reading("shop.prices", "", "transform.sql = prices.sql", """
        sku { type = string, nullable = false }
        price { type = "decimal(10,2)" }
        """) + "product.sla.rules = [ { rule = unique, columns = [sku] }, { rule = range, column = price, min = 0 } ]\n");
    mesh.write("jobs/shop/sql/prices.sql",
        PRICES.formatted("('a', 1.50), ('b', 2.00), ('c', 3.25)"));
    // Two readers, their column lineage recorded when they run: one reads price only to filter rows (an input's
    // column in a filter right above it is read too).
    mesh.write("conf/shop/cheap.conf", Products.reading("shop.cheap", "prices = shop.prices", "transform.sql = cheap.sql",
        "sku { type = string }"));
    mesh.write("jobs/shop/sql/cheap.sql", "SELECT sku FROM prices WHERE price < 2");
    mesh.write("conf/shop/all.conf", Products.reading("shop.all", "prices = shop.prices", "transform.sql = all.sql",
        "sku { type = string }"));
    mesh.write("jobs/shop/sql/all.sql", "SELECT sku FROM prices");
    Cli.Result run = Cli.run(home, "run", "shop.prices+", "--date", "2024-06-01");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    // A third reader, declared since: no run of it has recorded what it reads.
    mesh.write("conf/shop/later.conf", Products.reading("shop.later", "prices = shop.prices", "transform.sql = later.sql",
        "sku { type = string }"));
    mesh.write("jobs/shop/sql/later.sql", "SELECT sku FROM prices");

    mesh.write("jobs/shop/sql/prices.sql",
        PRICES.formatted("('a', 1.50), ('b', 2.10), ('d', 9.99)"));
    Cli.Result diff = Cli.run(home, "diff", "shop.prices", "--date", "2024-06-01");

    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isZero();
    assertThat(diff.out())
        .startsWith("[1/1] computing shop.prices for 2024-06-01 as its run would ...")
        .contains("shop.prices 2024-06-01: would publish, 1 added, 1 removed, 1 changed")
        .contains("  rows       3 rows replaced by 3: 1 added, 1 removed, 1 changed, 1 unchanged")
        .contains("  matched on sku")
        .contains("  changed    price in 1 row")
        // What each reader read of it, as the catalog's column lineage recorded its latest run.
        .contains("  read by    shop.all: reads sku\n")
        .contains("             shop.cheap: reads price, sku (changed here: price)\n")
        .contains("             shop.later: no column lineage recorded (it has not run since reading shop.prices)\n")
        .contains("  quality    3 rules: 3 passed, 0 warned, 0 failed")
        .containsPattern("before +b +2\\.00\\s+after +b +2\\.10")
        .containsPattern("added \\(all 1, by sku\\):\\s+sku +price\\s+-+ +-+\\s+d +9\\.99")
        .containsPattern("removed \\(all 1, by sku\\):\\s+sku +price\\s+-+ +-+\\s+c +3\\.25")
        .contains("mesh diff: 1 product for 2024-06-01: 1 would change, 0 unchanged, 0 would not publish.");
    // Nothing was published: the table still has the first run's rows.
    Cli.Result sql = Cli.run(home, "sql", "select price from shop.prices where sku = 'b'");
    assertThat(sql.out()).contains("2.00").doesNotContain("2.10");

    Cli.Result json = Cli.run(home, "diff", "shop.prices", "--date", "2024-06-01", "--format", "json", "--rows", "1");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    JsonNode p = doc.path("products").get(0);
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(p.path("status").asText()).isEqualTo("would-publish");
    assertThat(p.path("rows").toString()).isEqualTo("{\"before\":3,\"after\":3,\"added\":1,\"removed\":1,\"changed\":1,\"unchanged\":1}");
    assertThat(p.path("changed_columns").toString()).isEqualTo("{\"price\":1}");
    assertThat(p.path("consumers").toString()).isEqualTo("[{\"product\":\"shop.all\",\"reads\":[\"sku\"],\"changed_columns_read\":[]},"
        + "{\"product\":\"shop.cheap\",\"reads\":[\"price\",\"sku\"],\"changed_columns_read\":[\"price\"]},"
        + "{\"product\":\"shop.later\",\"reads\":[],\"changed_columns_read\":[]}]");
    assertThat(p.path("samples").size()).isEqualTo(3);
    assertThat(p.path("samples").get(0).toString())
        .isEqualTo("{\"change\":\"added\",\"after\":{\"sku\":\"d\",\"price\":\"9.99\"}}");

    // The same rows with a column more: a change all the same.
    mesh.write("conf/shop/prices.conf", Products.reading("shop.prices", "", "transform.sql = prices.sql", """
        sku { type = string, nullable = false }
        price { type = "decimal(10,2)" }
        note { type = string }
        """) + "product.sla.rules = [ { rule = unique, columns = [sku] }, { rule = range, column = price, min = 0 } ]\n");
    mesh.write("jobs/shop/sql/prices.sql", "SELECT *, 'n' AS note FROM (" + PRICES.formatted("('a', 1.50), ('b', 2.00), ('c', 3.25)") + ")");
    Cli.Result column = Cli.run(home, "diff", "shop.prices", "--date", "2024-06-01");
    assertThat(column.exitCode()).as(column.out() + column.err()).isZero();
    assertThat(column.out())
        .contains("shop.prices 2024-06-01: would publish, no row changes, columns changed")
        .contains("  schema     compatible: note added (string)")
        .contains("1 would change, 0 unchanged, 0 would not publish.");

    // A candidate quality would block: still compared, and the exit code is the run's (3).
    mesh.write("jobs/shop/sql/prices.sql", "SELECT *, 'n' AS note FROM (" + PRICES.formatted("('a', -1.00)") + ")");
    Cli.Result blocked = Cli.run(home, "diff", "shop.prices", "--date", "2024-06-01", "--rows", "0");
    assertThat(blocked.exitCode()).as(blocked.out() + blocked.err()).isEqualTo(3);
    assertThat(blocked.out())
        .contains("shop.prices 2024-06-01: would not publish (blocked), 0 added, 2 removed, 1 changed")
        .contains("FAILED range_price")
        .doesNotContain("changed (")
        .contains("0 would change, 0 unchanged, 1 would not publish.");
  }

  @Test
  void usageMistakesAreSaidBeforeAnythingStarts() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/shop/x.conf", Products.reading("shop.x", "", "transform.sql = x.sql", "a { type = int }"));
    mesh.write("jobs/shop/sql/x.sql", "SELECT 1 AS a");
    Cli.Result rows = Cli.run(home, "diff", "shop.x", "--rows", "-1");
    assertThat(rows.exitCode()).isEqualTo(2);
    assertThat(rows.err()).contains("--rows must be 0 or more, got -1.");
    Cli.Result format = Cli.run(home, "diff", "shop.x", "--format", "csv");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be text or json, got 'csv'.");
    Cli.Result unknown = Cli.run(home, "diff", "shop.y");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("shop.y");
  }
}
