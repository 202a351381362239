package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.cli.MeshCli;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.TempDirs;
import dev.mesh.testing.TestSpark;
import io.trino.tpch.Customer;
import io.trino.tpch.LineItem;
import io.trino.tpch.Nation;

import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The demo mesh of conf/ and jobs/, run for three dates at scale 0.01, checked against values computed here
 * independently from the TPC-H generator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoMeshTest {
  static final double SCALE = DemoRun.SCALE;
  static final LocalDate D1 = DemoRun.D1;
  static final List<LocalDate> DATES = DemoRun.DATES;

  static Path project;
  static MeshContext ctx;
  static ProductGraph graph;
  static List<RunResult> results;
  static SparkSession spark;
  static Path events;
  static List<String> lineageProblems;

  @BeforeAll
  static void runTheDemo() {
    DemoRun run = DemoRun.get();
    project = run.project();
    spark = run.spark();
    events = run.events();
    ctx = run.ctx();
    graph = run.graph();
    results = run.results();
    lineageProblems = run.lineageProblems();
  }

  /** A product's row count, read as its own domain reads it (an internal product is not readable without a domain). */
  static long count(String product) {
    return DemoRun.readingAs(product.substring(0, product.indexOf('.'))).table(product).count();
  }

  @Test
  @Order(1)
  void everyProductSucceedsForEveryDate() {
    assertThat(graph.ids()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(results).hasSize(graph.ids().size() * DATES.size());
    assertThat(results)
        .allSatisfy(r -> assertThat(r.status()).as("%s %s: %s", r.product(), r.logicalDate(), r.error()).isEqualTo(RunStatus.SUCCEEDED));
    Set<String> domains = new TreeSet<>();
    graph.ids().forEach(id -> domains.add(id.domain()));
    assertThat(domains).containsExactly("customers", "finance", "sales", "supply");
    long crossDomainReads = graph.ids().stream()
        .filter(id -> graph.upstreamOf(id).stream().anyMatch(up -> !up.domain().equals(id.domain()))).count();
    assertThat(crossDomainReads).isGreaterThanOrEqualTo(3);
  }

  @Test
  @Order(2)
  void everyEmittedEventValidatesAndLineageNamesEveryDeclaredInput() throws Exception {
    assertThat(lineageProblems).isEmpty();
    List<String> lines = java.nio.file.Files.readAllLines(events);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(results.size() * 2);
    dev.mesh.testing.OpenLineageSchemas schemas = dev.mesh.testing.OpenLineageSchemas.load();
    for (String line : lines) {
      assertThat(schemas.problems(dev.mesh.lineage.OpenLineageEvents.mapper().readTree(line))).as(line).isEmpty();
    }
    Set<String> runIds = new HashSet<>();
    results.forEach(r -> runIds.add(r.runId()));
    for (dev.mesh.model.ProductDescriptor d : ctx.config().all()) {
      Set<String> recorded = new TreeSet<>();
      for (Row r : ctx.catalog().read(CatalogTable.LINEAGE).where("level = 'table' AND product = '" + d.id() + "'").collectAsList()) {
        if (runIds.contains(r.<String>getAs("run_id"))) {
          recorded.add(r.getAs("input_alias") + "=" + r.getAs("input"));
        }
      }
      Set<String> declared = new TreeSet<>();
      for (dev.mesh.model.InputSpec in : d.inputs()) {
        declared.add(in.alias() + "=" + (in instanceof dev.mesh.model.InputSpec.ProductInput p
            ? p.product().toString() : "source:" + ((dev.mesh.model.InputSpec.SourceInput) in).type()));
      }
      assertThat(recorded).as(d.id().toString()).isEqualTo(declared);
    }
  }

  @Test
  @Order(3)
  void columnLineageOfACrossDomainProductIsExact() {
    // sales.daily_revenue: revenue is summed from the order lines' net revenue; nation comes from customers.profile;
    // the join key and the date filter are indirect.
    List<String> columns = spark.sql(
        "SELECT DISTINCT output_column, input, input_column, kind FROM mesh.lineage "
            + "WHERE product = 'sales.daily_revenue' AND level = 'column' ORDER BY output_column, input, input_column, kind")
        .collectAsList().stream().map(r -> r.getString(0) + " <- " + r.getString(1) + "." + r.getString(2) + " " + r.getString(3))
        .toList();
    assertThat(columns)
        .contains(
            "revenue <- sales.order_lines.net_revenue direct",
            "nation <- customers.profile.nation direct",
            "orders <- sales.order_lines.order_key direct",
            "order_date <- sales.order_lines.order_date direct")
        .anySatisfy(c -> assertThat(c).startsWith("revenue <- customers.profile.customer_key indirect"))
        .noneSatisfy(c -> assertThat(c).startsWith("revenue <- customers.profile.name"));
    assertThat(spark.sql(
        "SELECT DISTINCT input FROM mesh.lineage WHERE product = 'sales.daily_revenue' AND level = 'table'")
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList())
        .containsExactly("customers.profile", "sales.order_lines");
  }

  @Test
  @Order(4)
  void rowCountsMatchTheGenerator() {
    long customers = 0;
    for (Customer c : Tpch.customers(SCALE)) {
      customers++;
    }
    long parts = 0;
    for (var p : Tpch.parts(SCALE)) {
      parts++;
    }
    Set<Long> orderKeys = new HashSet<>();
    for (io.trino.tpch.Order o : Tpch.orders(SCALE)) {
      if (DATES.contains(orderDate(o))) {
        orderKeys.add(o.getOrderKey());
      }
    }
    long lines = 0;
    for (LineItem l : Tpch.lineItems(SCALE)) {
      if (orderKeys.contains(l.getOrderKey())) {
        lines++;
      }
    }
    assertThat(count("customers.profile")).isEqualTo(customers).isEqualTo(1500);
    assertThat(count("supply.parts")).isEqualTo(parts).isEqualTo(2000);
    assertThat(count("supply.suppliers")).isEqualTo(100);
    assertThat(orderKeys).isNotEmpty();
    assertThat(count("sales.orders")).isEqualTo(orderKeys.size());
    assertThat(count("finance.payments")).isEqualTo(orderKeys.size());
    assertThat(count("sales.order_lines")).isEqualTo(lines);
  }

  @Test
  @Order(5)
  void dailyRevenueMatchesAnIndependentComputation() {
    LocalDate day = DATES.get(1);
    Map<Long, String> nationOfNationKey = new HashMap<>();
    for (Nation n : Tpch.nations()) {
      nationOfNationKey.put(n.getNationKey(), n.getName());
    }
    Map<Long, String> nationOfCustomer = new HashMap<>();
    for (Customer c : Tpch.customers(SCALE)) {
      nationOfCustomer.put(c.getCustomerKey(), nationOfNationKey.get(c.getNationKey()));
    }
    Map<Long, String> nationOfOrder = new HashMap<>();
    for (io.trino.tpch.Order o : Tpch.orders(SCALE)) {
      if (orderDate(o).equals(day)) {
        nationOfOrder.put(o.getOrderKey(), nationOfCustomer.get(o.getCustomerKey()));
      }
    }
    Map<String, BigDecimal> revenue = new LinkedHashMap<>();
    for (LineItem l : Tpch.lineItems(SCALE)) {
      String nation = nationOfOrder.get(l.getOrderKey());
      if (nation != null) {
        BigDecimal price = BigDecimal.valueOf(l.getExtendedPriceInCents(), 2);
        BigDecimal discount = BigDecimal.valueOf(l.getDiscountPercent(), 2);
        BigDecimal net = price.multiply(BigDecimal.ONE.subtract(discount)).setScale(2, RoundingMode.HALF_UP);
        revenue.merge(nation, net, BigDecimal::add);
      }
    }
    assertThat(revenue).isNotEmpty();
    Map<String, BigDecimal> published = new HashMap<>();
    for (Row r : spark.table("sales.daily_revenue").where(functions.col("order_date").equalTo(java.sql.Date.valueOf(day)))
        .select("nation", "revenue").collectAsList()) {
      published.put(r.getString(0), r.getDecimal(1).setScale(2, RoundingMode.UNNECESSARY));
    }
    assertThat(published).isEqualTo(revenue);
  }

  @Test
  @Order(6)
  void historyKeepsOneCurrentVersionPerCustomerWithoutOverlaps() {
    // An internal product (consumers: sales): a session of no domain may not read it; sales reads its port.
    SparkSession h = DemoRun.readingAs("sales");
    h.table("customers.profile_history").createOrReplaceTempView("h");
    assertThat(h.sql("SELECT customer_key FROM h WHERE is_current GROUP BY customer_key HAVING count(*) <> 1").count()).isZero();
    assertThat(h.sql("SELECT count(DISTINCT customer_key) FROM h WHERE is_current").first().getLong(0)).isEqualTo(1500);
    long overlaps = h.sql(
        "SELECT 1 FROM h a JOIN h b ON a.customer_key = b.customer_key AND a.valid_from < b.valid_from "
            + "WHERE a.valid_to IS NULL OR a.valid_to > b.valid_from").count();
    assertThat(overlaps).isZero();
    long changed = h.sql("SELECT customer_key FROM h GROUP BY customer_key HAVING count(*) > 1").count();
    // One customer in twenty changes per day: two days of changes after the first snapshot.
    assertThat(changed).isBetween(100L, 200L);
    assertThat(h.sql("SELECT count(*) FROM h").first().getLong(0)).isEqualTo(1500 + changed);
    assertThat(h.sql("SELECT min(valid_from), max(valid_from) FROM h").first().toString())
        .isEqualTo("[" + DATES.get(0) + "," + DATES.get(2) + "]");
  }

  @Test
  @Order(7)
  void productsOfDifferentDomainsJoinByName() {
    List<Row> rows = spark.sql(
        "SELECT r.nation, s.market_segment, r.revenue, s.customers FROM sales.daily_revenue r "
            + "JOIN customers.segments s ON s.nation = r.nation WHERE r.order_date = DATE'1995-06-02'").collectAsList();
    assertThat(rows).isNotEmpty();
    assertThat(spark.sql("SELECT count(*) FROM mesh.runs WHERE status = 'succeeded'").first().getLong(0))
        .isGreaterThanOrEqualTo(results.size());
  }

  @Test
  @Order(7)
  void lineageNamesTheTableEachRunActuallyRead() throws Exception {
    // customers.segments reads customers.profile within its domain (the clear table); finance reads its port.
    assertThat(ctx.catalog().read(CatalogTable.LINEAGE).where("level = 'table' AND input = 'customers.profile'")
            .select("product", "input_table").distinct().orderBy("product").collectAsList()).extracting(Row::toString)
        .contains("[customers.segments,customers_internal.profile]", "[finance.spend_by_nation,customers.profile]");
    Map<String, Set<String>> inputsByJob = new HashMap<>();
    for (String line : java.nio.file.Files.readAllLines(events)) {
      var event = dev.mesh.lineage.OpenLineageEvents.mapper().readTree(line);
      if ("COMPLETE".equals(event.path("eventType").asText())) {
        for (var in : event.path("inputs")) {
          inputsByJob.computeIfAbsent(event.path("job").path("name").asText(), k -> new TreeSet<>()).add(in.path("name").asText());
        }
      }
    }
    assertThat(inputsByJob.get("customers.segments")).anyMatch(n -> n.endsWith("/customers_internal/profile"));
    assertThat(inputsByJob.get("finance.spend_by_nation")).anyMatch(n -> n.endsWith("/customers/profile"))
        .noneMatch(n -> n.contains("_internal"));
  }

  @Test
  @Order(7)
  void financeJoinsCustomersOnTheirHashedNamesAsAKeyJoinWould() {
    // finance read two other domains' ports, joined on the customer's name as each hashed it with the platform key.
    List<String> hashed =
        spark.sql("SELECT nation, customers, total_spent FROM finance.spend_by_nation ORDER BY nation").collectAsList().stream()
            .map(Row::toString).toList();
    // The same figures joined on the customer key, which is not personal data.
    List<String> byKey =
        spark.sql("SELECT c.nation, count(*), sum(v.total_spent) FROM sales.customer_value v "
                + "JOIN customers.profile c ON c.customer_key = v.customer_key GROUP BY c.nation ORDER BY c.nation")
            .collectAsList().stream().map(Row::toString).toList();
    assertThat(hashed).hasSizeGreaterThanOrEqualTo(10).isEqualTo(byKey);
    // What finance saw of a name is a keyed hash, never the name itself.
    String name = spark.sql("SELECT customer_name FROM sales.customer_value WHERE customer_name IS NOT NULL LIMIT 1").first().getString(0);
    assertThat(name).matches("[0-9a-f]{64}");
  }

  @Test
  @Order(8)
  void rerunningADateChangesNoRowCount() {
    Map<ProductId, Long> before = new LinkedHashMap<>();
    graph.ids().forEach(id -> before.put(id, count(id.toString())));
    // One product of each format and write mode, and the history that rebuilds itself from its own table: what a
    // rerun could double or lose is the write mode's, not the product's.
    Map<String, ProductId> oneOfEach = new LinkedHashMap<>();
    for (ProductId id : graph.ids()) {
      var out = ctx.config().product(id.toString()).output();
      oneOfEach.putIfAbsent(out.format().label() + " " + out.mode().label(), id);
    }
    java.util.Set<ProductId> selected = new java.util.LinkedHashSet<>(oneOfEach.values());
    selected.add(ProductId.parse("customers.profile_history"));
    assertThat(oneOfEach.keySet()).as("formats and write modes of the demo").hasSizeGreaterThanOrEqualTo(6);
    List<RunResult> rerun = new MeshRunner(ctx, 2).run(graph, selected, List.of(DATES.get(1)), new MeshRunner.Listener() {});
    assertThat(rerun).extracting(RunResult::product).containsExactlyInAnyOrderElementsOf(selected);
    assertThat(rerun).allSatisfy(r -> assertThat(r.status()).as("%s: %s", r.product(), r.error()).isEqualTo(RunStatus.SUCCEEDED));
    Map<ProductId, Long> after = new LinkedHashMap<>();
    graph.ids().forEach(id -> after.put(id, count(id.toString())));
    assertThat(after).isEqualTo(before);
  }

  @Test
  @Order(9)
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void badDataIsBlockedWithExitCodeThreeAndTheTableIsUnchanged() {
    long version = ctx.tables().forFormat(ctx.config().product("sales.orders").output().format())
        .currentVersion(ProductId.parse("sales.orders")).orElseThrow();
    long rows = count("sales.orders");
    Properties saved = (Properties) System.getProperties().clone();
    try {
      System.setProperty("mesh.home", project.toString());
      System.setProperty("mesh.warehouse", TestSpark.warehouse().toString());
      System.setProperty("mesh.sources.tpch.scale", String.valueOf(SCALE));
      System.setProperty("mesh.sources.tpch.faults", "bad-status");
      int code = MeshCli.execute("run", "sales.orders", "--date", "1995-06-04");
      assertThat(code).isEqualTo(3);
    } finally {
      System.setProperties(saved);
    }
    assertThat(ctx.tables().forFormat(ctx.config().product("sales.orders").output().format())
        .currentVersion(ProductId.parse("sales.orders"))).contains(version);
    assertThat(count("sales.orders")).isEqualTo(rows);
    Row failed = ctx.catalog().read(CatalogTable.QUALITY)
        .where("product = 'sales.orders' AND status = 'failed' AND logical_date = DATE'1995-06-04'").first();
    assertThat(failed.<String>getAs("rule")).isEqualTo("allowed_values_status");
    assertThat(failed.<Double>getAs("value")).isLessThan(0.75).isGreaterThan(0.25);
    assertThat(failed.<String>getAs("threshold")).isNotBlank();
    assertThat(ctx.catalog().read(CatalogTable.RUNS)
        .where("product = 'sales.orders' AND logical_date = DATE'1995-06-04'").first().<String>getAs("status"))
        .isEqualTo("blocked");
  }

  @Test
  @Order(10)
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void theCatalogSiteShowsTheBlockedRunAndTheLineageInARealBrowser() throws Exception {
    dev.mesh.site.browser.Chromium.assumeAvailable();
    // Over this warehouse, after the blocked run above: built twice by the CLI, the same bytes both times.
    Path site = TempDirs.create("mesh-site");
    Path again = TempDirs.create("mesh-site-again");
    Properties saved = (Properties) System.getProperties().clone();
    try {
      System.setProperty("mesh.home", project.toString());
      System.setProperty("mesh.warehouse", TestSpark.warehouse().toString());
      System.setProperty("mesh.sources.tpch.scale", String.valueOf(SCALE));
      assertThat(MeshCli.execute("site", "--out", site.toString())).isEqualTo(0);
      assertThat(MeshCli.execute("site", "--out", again.toString())).isEqualTo(0);
    } finally {
      System.setProperties(saved);
    }
    Map<String, byte[]> first = CatalogSiteCheck.files(site);
    Map<String, byte[]> second = CatalogSiteCheck.files(again);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((f, bytes) -> assertThat(second.get(f)).as(f).isEqualTo(bytes));
    // Each product page says what computes it and how many unit tests its domain keeps (jobs/<domain>/tests).
    assertThat(new String(first.get("products/sales.daily_revenue.html"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("<dt>transform</dt><dd>SQL <code>daily_revenue.sql</code> · 3 unit tests</dd>");
    assertThat(new String(first.get("products/sales.order_lines.html"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("<dt>transform</dt><dd>SQL <code>order_lines.sql</code> · no unit tests</dd>");
    Row blocked = ctx.catalog().read(CatalogTable.QUALITY)
        .where("product = 'sales.orders' AND status = 'failed' AND logical_date = DATE'1995-06-04'").first();
    // -Dsite.screenshots=docs (not a mesh.* property: those are configuration overrides) rewrites the README's pictures (docs/site-*.png); by default they go to target/.
    Path shots = "docs".equals(System.getProperty("site.screenshots"))
        ? project.resolve("docs") : project.resolve("jobs/demo/target/site-screenshots");
    CatalogSiteCheck.check(site, graph, blocked, shots);
  }

  @Test
  @Order(11)
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  @ResourceLock(Resources.SYSTEM_OUT)
  @ResourceLock(Resources.SYSTEM_ERR)
  void everyNotebookRunsThroughJupyterOverThisDemoWarehouse() throws Exception {
    // Last, over the warehouse the tests above built: the demo is not run a second time for the notebooks.
    for (NotebookExecution.Executed e : NotebookExecution.executeAll(project, TestSpark.warehouse())) {
      System.out.printf("notebook %s: %d tables, %d charts (its command, two notebooks at a time: %d ms)%n", e.name(), e.tables(), e.images(), e.millis());
    }
  }

  static LocalDate orderDate(io.trino.tpch.Order o) {
    return LocalDate.ofEpochDay(TpchTable.ORDERS.getColumn("orderdate").getDate(o));
  }
}
