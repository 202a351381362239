package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.graph.ProductGraph;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.site.browser.Chromium;
import dev.mesh.site.svg.TrendChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * The catalog site over the demo warehouse, in a real headless Chromium (one browser for every check): every page
 * loads without a console error or a failed request, the blocked product shows its failed rule, the lineage graph is
 * the product graph, and search finds a product by a column name. Run by {@link DemoMeshTest} after its blocked run.
 */
final class CatalogSiteCheck {
  private CatalogSiteCheck() {}

  /** Every file of a built site, by relative path. */
  static Map<String, byte[]> files(Path site) {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(site)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(site.relativize(p).toString(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * @param blocked the product whose last run a quality rule blocked, with that rule's recorded outcome
   * @param screenshots where to write site-home.png, site-product.png and site-lineage.png
   */
  static void check(Path site, ProductGraph graph, Row blocked, Path screenshots) throws Exception {
    List<String> pages;
    try (Stream<Path> s = Files.walk(site)) {
      pages = s.filter(p -> p.toString().endsWith(".html")).map(p -> site.relativize(p).toString()).sorted().toList();
    }
    // index, lineage, one page per domain, two per product (its page and its column lineage).
    long domains = graph.ids().stream().map(ProductId::domain).distinct().count();
    assertThat(pages).hasSize((int) (2 + domains + 2L * graph.ids().size()));
    try (Chromium browser = Chromium.start()) {
      long t0 = System.nanoTime();
      Map<String, List<String>> problems = new TreeMap<>();
      for (String page : pages) {
        List<String> p = browser.open(site.resolve(page).toUri().toString());
        if (!p.isEmpty()) {
          problems.put(page, p);
        }
        // Every page is what it says it is: the frame rendered, its stylesheet applied.
        assertThat(browser.eval("getComputedStyle(document.querySelector('header.top')).backgroundColor").asText())
            .as(page).isEqualTo("rgb(17, 24, 39)");
      }
      assertThat(problems).as("console errors, exceptions or failed requests per page").isEmpty();

      String product = blocked.<String>getAs("product");
      assertThat(browser.open(site.resolve("products/" + product + ".html").toUri().toString())).isEmpty();
      JsonNode failed = browser.eval(
          "Array.from(document.querySelectorAll('#failed-rules tr.failed-rule')).map(tr => "
              + "({rule: tr.dataset.rule, value: tr.querySelector('.value').textContent, threshold: tr.querySelector('.threshold').textContent}))");
      assertThat(failed).as("failed rules shown on %s", product).isNotEmpty();
      JsonNode rule = null;
      for (JsonNode f : failed) {
        if (f.path("rule").asText().equals(blocked.<String>getAs("rule"))) {
          rule = f;
        }
      }
      assertThat(rule).as("the blocking rule %s on the page: %s", blocked.<String>getAs("rule"), failed).isNotNull();
      assertThat(rule.path("value").asText()).isEqualTo(TrendChart.label(blocked.<Double>getAs("value")));
      assertThat(rule.path("threshold").asText()).isEqualTo(blocked.<String>getAs("threshold"));
      assertThat(browser.eval("document.querySelector('.title .badge').textContent").asText()).isEqualTo("blocked");
      // Its trend chart of that rule draws the threshold and the failed outcome.
      assertThat(browser.eval("document.querySelectorAll('figure.chart[data-rule=\"" + blocked.<String>getAs("rule")
          + "\"] line.threshold').length").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(browser.eval("document.querySelectorAll('figure.chart[data-rule=\"" + blocked.<String>getAs("rule")
          + "\"] circle.point.failed').length").asInt()).isGreaterThanOrEqualTo(1);
      browser.screenshot(screenshots.resolve("site-product.png"), 1280, 1000);

      assertThat(browser.open(site.resolve("lineage.html").toUri().toString())).isEmpty();
      TreeSet<String> nodes = new TreeSet<>();
      browser.eval("Array.from(document.querySelectorAll('svg.lineage g.node')).map(g => g.dataset.id)").forEach(n -> nodes.add(n.asText()));
      TreeSet<String> edges = new TreeSet<>();
      browser.eval("Array.from(document.querySelectorAll('svg.lineage path.edge')).map(e => e.dataset.from + ' -> ' + e.dataset.to)")
          .forEach(e -> edges.add(e.asText()));
      TreeSet<String> expectedNodes = new TreeSet<>();
      TreeSet<String> expectedEdges = new TreeSet<>();
      for (ProductId id : graph.ids()) {
        expectedNodes.add(id.toString());
        graph.upstreamOf(id).forEach(up -> expectedEdges.add(up + " -> " + id));
      }
      assertThat(nodes).isEqualTo(expectedNodes);
      assertThat(edges).isEqualTo(expectedEdges);
      assertThat(browser.eval("document.querySelector('g.node[data-id=\"" + product + "\"]').dataset.health").asText()).isEqualTo("blocked");
      // Clicking a product goes to its page.
      browser.eval("document.querySelector('g.node[data-id=\"" + product + "\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))");
      waitFor(browser, "location.pathname.endsWith('/products/" + product + ".html') && document.readyState === 'complete'");
      assertThat(browser.problems()).isEmpty();
      browser.open(site.resolve("lineage.html").toUri().toString());
      browser.screenshot(screenshots.resolve("site-lineage.png"), 1280, 760);

      // Search by a column name that one product alone declares.
      Map<String, List<ProductId>> byColumn = new HashMap<>();
      for (ProductId id : graph.ids()) {
        for (ColumnSpec c : graph.descriptor(id).schema().columns()) {
          byColumn.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(id);
        }
      }
      // ...and that nothing else of any product contains (so exactly one hit is the right answer).
      String column = byColumn.entrySet().stream()
          .filter(e -> e.getValue().size() == 1 && !mentions(graph.descriptor(e.getValue().get(0)), e.getKey()))
          .filter(e -> graph.ids().stream().filter(id -> haystack(graph.descriptor(id)).contains(e.getKey().toLowerCase())).count() == 1)
          .map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
      ProductId owner = byColumn.get(column).get(0);
      assertThat(browser.open(site.resolve("index.html").toUri().toString())).isEmpty();
      browser.eval("document.getElementById('search').focus()");
      browser.type(column);
      waitFor(browser, "document.querySelectorAll('#search-results li.hit').length > 0");
      JsonNode hits = browser.eval("Array.from(document.querySelectorAll('#search-results li.hit')).map(li => li.dataset.id)");
      assertThat(hits).as("search for column %s", column).extracting(JsonNode::asText).containsExactly(owner.toString());
      assertThat(browser.eval("document.querySelector('#search-results li.hit .why').textContent").asText()).contains("column " + column);
      browser.eval("document.getElementById('search').value = ''; document.getElementById('search').dispatchEvent(new Event('input'))");
      browser.eval("document.getElementById('search').blur()");
      browser.screenshot(screenshots.resolve("site-home.png"), 1280, 900);
      System.out.printf("catalog site: %d pages checked in Chromium in %.1f s, browser CPU %.1f s%n", pages.size(),
          (System.nanoTime() - t0) / 1e9, browser.cpuSeconds());
    }
  }

  /** Whether a product's id, description or tags mention {@code word} (then a search hit would not prove the column index). */
  private static boolean mentions(ProductDescriptor d, String word) {
    return (d.id() + " " + d.description() + " " + String.join(" ", d.tags())).toLowerCase().contains(word.toLowerCase());
  }

  private static String haystack(ProductDescriptor d) {
    return (d.id() + " " + d.description() + " " + String.join(" ", d.tags()) + " "
        + (d.owner() == null ? "" : d.owner().team() + " " + d.owner().contact()) + " " + String.join(" ", d.schema().names())).toLowerCase();
  }

  private static void waitFor(Chromium browser, String condition) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try {
        if (browser.eval("!!(" + condition + ")").asBoolean()) {
          return;
        }
      } catch (IllegalStateException e) {
        // The page is between two documents (a navigation): ask again.
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting in the browser for: " + condition);
      }
      Thread.sleep(50);
    }
  }
}
