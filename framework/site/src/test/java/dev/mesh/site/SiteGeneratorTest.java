package dev.mesh.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.model.ProductId;
import dev.mesh.site.model.Health;
import dev.mesh.site.model.RunRecord;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.svg.TrendChart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site generator over a mesh made up in memory: no Spark, no browser (the demo's browser test covers those). */
class SiteGeneratorTest {
  private static final SiteGenerator GENERATOR = new SiteGenerator(d -> "id: " + d.id() + "\n");

  @Test
  void theSameDataGivesTheSameBytes(@TempDir Path dir) throws Exception {
    SiteData data = SyntheticMesh.of(12, 5);
    SortedMap<String, String> first = GENERATOR.render(data);
    assertThat(GENERATOR.render(SyntheticMesh.of(12, 5))).isEqualTo(first);
    // Written twice into the same directory: the second build replaces the first, file for file.
    GENERATOR.write(data, dir);
    GENERATOR.write(data, dir);
    for (var e : first.entrySet()) {
      assertThat(Files.readString(dir.resolve(e.getKey()), StandardCharsets.UTF_8)).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(first).containsKeys("index.html", "lineage.html", "domains/d0.html", "products/d1.p1.html", "lineage/d1.p1.html",
        "contracts/d1.p1.odcs.yaml", "assets/site.css", "assets/search.js", "assets/search-index.js");
  }

  /**
   * A build that fails halfway through writing (here a page whose path runs under a file it already wrote) leaves the
   * site that was there whole, and nothing beside it; the next build replaces it.
   */
  @Test
  void aBuildThatFailsHalfwayLeavesThePreviousSiteWhole(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("site");
    SortedMap<String, String> before = GENERATOR.render(SyntheticMesh.of(4, 1));
    SiteGenerator.publish(before, site);
    SortedMap<String, String> broken = new java.util.TreeMap<>(GENERATOR.render(SyntheticMesh.of(6, 2)));
    broken.put("products/d1.p1.html/cannot.html", "a page under a file");

    assertThatThrownBy(() -> SiteGenerator.publish(broken, site)).hasMessageContaining("Cannot write the site to " + site);

    for (var e : before.entrySet()) {
      assertThat(Files.readString(site.resolve(e.getKey()), StandardCharsets.UTF_8)).as(e.getKey()).isEqualTo(e.getValue());
    }
    try (var files = Files.walk(site)) {
      assertThat(files.filter(Files::isRegularFile).count()).as("the previous site's files, the marker among them")
          .isEqualTo(before.size() + 1);
    }
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).as("beside the site").containsExactly("site");
    }
    SortedMap<String, String> after = GENERATOR.render(SyntheticMesh.of(6, 2));
    SiteGenerator.publish(after, site);
    assertThat(Files.readString(site.resolve("index.html"), StandardCharsets.UTF_8)).isEqualTo(after.get("index.html"));
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("site");
    }
  }

  @Test
  void writesIntoADirectoryWhoseParentsDoNotExistYet(@TempDir Path dir) throws Exception {
    GENERATOR.write(SyntheticMesh.of(4, 1), dir.resolve("public/catalog/site"));

    assertThat(dir.resolve("public/catalog/site/index.html")).isRegularFile();
    try (var entries = Files.list(dir.resolve("public/catalog"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("site");
    }
  }

  /** A site reached through a symbolic link is rewritten in place (the link stays a link): the old pages go. */
  @Test
  void aSiteBehindASymbolicLinkIsRewrittenInPlace(@TempDir Path dir) throws Exception {
    Path real = dir.resolve("real");
    Path link = Files.createSymbolicLink(dir.resolve("site"), real);
    GENERATOR.write(SyntheticMesh.of(6, 1), real);
    assertThat(real.resolve("products/d1.p5.html")).exists();

    GENERATOR.write(SyntheticMesh.of(4, 1), link);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real.resolve("products/d1.p5.html")).as("a page of the previous build only").doesNotExist();
    assertThat(real.resolve("index.html")).isRegularFile();
    assertThat(real.resolve(".mesh-site")).isRegularFile();
  }

  @Test
  void refusesToEmptyADirectoryItDidNotWrite(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> GENERATOR.write(SyntheticMesh.of(4, 1), dir))
        .hasMessageContaining("Cannot write the site to " + dir)
        .hasMessageContaining("holds files that no mesh site build wrote");
    assertThat(dir.resolve("notes.txt")).exists();
  }

  @Test
  void theLineageGraphDrawsEveryProductAndEveryEdgeOfTheProductGraph() {
    SiteData data = SyntheticMesh.of(12, 2);
    String svg = GENERATOR.render(data).get("lineage.html");
    TreeSet<String> nodes = new TreeSet<>();
    Matcher m = Pattern.compile("class=\"node [a-z-]+\" data-id=\"([^\"]+)\"").matcher(svg);
    while (m.find()) {
      nodes.add(m.group(1));
    }
    TreeSet<String> edges = new TreeSet<>();
    m = Pattern.compile("class=\"edge\" data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"").matcher(svg);
    while (m.find()) {
      edges.add(m.group(1) + "->" + m.group(2));
    }
    TreeSet<String> expectedEdges = new TreeSet<>();
    data.graph().ids().forEach(id -> data.graph().upstreamOf(id).forEach(u -> expectedEdges.add(u + "->" + id)));
    assertThat(nodes).containsExactlyElementsOf(data.graph().ids().stream().map(ProductId::toString).toList());
    assertThat(edges).isEqualTo(expectedEdges).hasSize(8);
    assertThat(svg).contains("data-id=\"d1.p1\" data-health=\"blocked\"").contains("href=\"products/d1.p1.html\"");
  }

  @Test
  void theBlockedProductShowsItsFailedRuleWithValueAndThreshold() {
    SiteData data = SyntheticMesh.of(8, 4);
    assertThat(data.health(data.graph().descriptor(ProductId.parse("d1.p1")))).isEqualTo(Health.BLOCKED);
    String page = GENERATOR.render(data).get("products/d1.p1.html");
    assertThat(page)
        .contains("Not published: 1 rule failed in the last run")
        .containsPattern("data-rule=\"allowed_status\"><td>allowed_status</td><td>share_allowed</td><td class=\"value\">0.5</td>"
            + "<td class=\"threshold\">== 1</td>")
        // Its trend chart draws the threshold, and the failed outcome as a failed point.
        .contains("<line class=\"threshold\" data-threshold=\"1\"")
        .contains("<circle class=\"point failed\"")
        .contains("href=\"../contracts/d1.p1.odcs.yaml\" download")
        // How far back its versions stay readable (mesh.storage.retention here).
        .containsPattern("<dt>format</dt><dd>delta, [a-z-]+ · versions kept 30d</dd>")
        // What computes it, and how many unit tests its domain keeps for it (d0.p0 has two, the others none).
        .contains("<dt>transform</dt><dd>Java <code title=\"x.T\">T</code> · no unit tests</dd>");
    assertThat(GENERATOR.render(data).get("products/d0.p0.html"))
        .contains("<dt>transform</dt><dd>Java <code title=\"x.T\">T</code> · 2 unit tests</dd>");
    SiteData unreadable = new SiteData(data.graph(), data.runs(), data.quality(), data.lineage(), data.locations(),
        data.alerts(), data.asOf(), data.retention(), null, data.holds());
    assertThat(GENERATOR.render(unreadable).get("products/d0.p0.html"))
        .contains("<dt>transform</dt><dd>Java <code title=\"x.T\">T</code> · unit tests unreadable (bin/mesh validate)</dd>");
    assertThat(GENERATOR.render(data).get("index.html")).contains("<div class=\"tile blocked\" data-health=\"blocked\"><b>1</b>");
  }

  @Test
  void aHeldProductSaysSoOnItsPageAndInItsRowAndItsHoldIsNotItsLastRun() {
    SiteData data = SyntheticMesh.of(4, 2);
    ProductId id = ProductId.parse("d0.p0");
    java.time.Instant at = SyntheticMesh.T0.plusSeconds(60);
    RunRecord holdRow = new RunRecord("hold-1", "d0.p0", "1.0.0", null, "held", at, at, 0L, 0L, 1L, null, null, null);
    java.util.SortedMap<String, List<RunRecord>> runs = new java.util.TreeMap<>(data.runs());
    List<RunRecord> withHold = new java.util.ArrayList<>(List.of(holdRow));
    withHold.addAll(data.runsOf(id));
    runs.put("d0.p0", withHold);
    SiteData held = new SiteData(data.graph(), runs, data.quality(), data.lineage(), data.locations(), data.alerts(), data.asOf(),
        data.retention(), data.unitTests(),
        new java.util.TreeMap<>(java.util.Map.of("d0.p0", new dev.mesh.catalog.Holds.Hold("d0.p0", "hold-1", at, "wrong units"))));
    var d = held.graph().descriptor(id);

    assertThat(held.health(d)).as("a hold is not a run").isEqualTo(data.health(d)).isEqualTo(Health.FRESH);
    String page = GENERATOR.render(held).get("products/d0.p0.html");
    assertThat(page)
        .contains("<p class=\"notice\"><span class=\"badge blocked\">held</span> since 2026-01-01T06:01:00Z (hold-1): wrong units."
            + " Its runs do not run until <code>mesh release d0.p0</code>; readers read its current rows.</p>")
        .contains("<p>Last run <span class=\"badge fresh\">succeeded</span> for 2026-01-01")
        .containsPattern("<td>–</td><td><span class=\"badge blocked\">held</span></td>");
    assertThat(GENERATOR.render(data).get("products/d0.p0.html")).doesNotContain("mesh release");
    assertThat(GENERATOR.render(held).get("index.html")).containsPattern(
        "<tr data-id=\"d0.p0\">.*<td>2026-01-01 <span class=\"badge fresh\">succeeded</span> <span class=\"badge blocked\">held</span></td>");
  }

  @Test
  void freshnessIsJudgedAtTheInstantGiven() {
    SiteData data = SyntheticMesh.of(4, 2);
    var d = data.graph().descriptor(ProductId.parse("d0.p0"));
    assertThat(data.health(d)).isEqualTo(Health.FRESH);
    SiteData later = new SiteData(data.graph(), data.runs(), data.quality(), data.lineage(), data.locations(), data.alerts(),
        SyntheticMesh.T0.plus(java.time.Duration.ofDays(3)), data.retention(), data.unitTests(), data.holds());
    assertThat(later.health(d)).isEqualTo(Health.LATE);
  }

  @Test
  void serveGivesTheSiteAndNothingOutsideIt(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("site");
    GENERATOR.write(SyntheticMesh.of(4, 1), site);
    Files.writeString(dir.resolve("secret.txt"), "not part of the site");
    var server = SiteServer.start(site, 0);
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      var index = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(index.body()).isEqualTo(Files.readString(site.resolve("index.html")));
      var outside = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/%2e%2e/secret.txt")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(outside.statusCode()).isEqualTo(404);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void thresholdsAreReadAsNumbers() {
    assertThat(TrendChart.bounds(">= 0.95")).containsExactly(0.95);
    assertThat(TrendChart.bounds("== 1")).containsExactly(1.0);
    assertThat(TrendChart.bounds("between 10 and 1000")).containsExactly(10.0, 1000.0);
    assertThat(TrendChart.bounds("change <= 50% vs mean of last 3 = 12")).isEmpty();
  }

  @Test
  void aThousandProductsWithTwentyRunsStayUnderTwoMegabytesAPage() {
    long t0 = System.nanoTime();
    SortedMap<String, String> files = GENERATOR.render(SyntheticMesh.of(1000, 20));
    double seconds = (System.nanoTime() - t0) / 1e9;
    var largest = files.entrySet().stream().max(java.util.Map.Entry.comparingByValue(java.util.Comparator.comparingInt(String::length))).orElseThrow();
    System.out.printf("1000 products x 20 runs: %d files rendered in %.1f s, largest %s (%d KB)%n", files.size(), seconds,
        largest.getKey(), largest.getValue().getBytes(StandardCharsets.UTF_8).length / 1024);
    assertThat(largest.getValue().getBytes(StandardCharsets.UTF_8).length).as(largest.getKey()).isLessThan(2 * 1024 * 1024);
    assertThat(files).hasSize(2 + 4 + 3 * 1000 + 3);
  }
}
