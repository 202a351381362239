package dev.mesh.site.pages;

import static dev.mesh.site.svg.Xml.esc;

import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.FreshnessSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.ProductId;
import dev.mesh.quality.Rule;
import dev.mesh.render.Durations;
import dev.mesh.render.RuleText;
import dev.mesh.runtime.ContractCheck;
import dev.mesh.site.model.Health;
import dev.mesh.site.model.QualityRecord;
import dev.mesh.site.model.RunRecord;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.svg.TrendChart;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code products/<id>.html}: what a consumer needs to decide whether to use a product and how: description, owner,
 * contract, SLAs, status and recent runs, quality trends, lineage, how to query it, its ODCS contract.
 */
public final class ProductPage {
  private ProductPage() {}

  public static String of(SiteData data, ProductDescriptor d) {
    String id = d.id().toString();
    Health health = data.health(d);
    List<RunRecord> runs = data.runsOf(d.id());
    RunRecord last = data.lastRunOf(d.id()).orElse(null);
    StringBuilder b = new StringBuilder(32 * 1024);
    b.append("<p class=\"crumbs\"><a href=\"../domains/").append(esc(d.domain())).append(".html\">").append(esc(d.domain()))
        .append("</a> / ").append(esc(d.id().name())).append("</p>\n");
    b.append("<div class=\"title\"><h1>").append(esc(id)).append("</h1>").append(Page.badge(health)).append("</div>\n");
    b.append("<p class=\"lead\">").append(Page.orDash(d.description())).append("</p>\n");
    b.append("<dl class=\"facts\">")
        .append(fact("owner", d.owner() == null ? "–" : esc(d.owner().team())))
        .append(fact("contact", d.owner() == null ? "–" : contact(d.owner().contact())))
        .append(fact("version", esc(d.version())))
        .append(fact("visibility", esc(d.access().visibility().label())
            + (d.access().consumers().isEmpty() ? "" : " (consumers: " + esc(String.join(", ", d.access().consumers())) + ")")))
        .append(fact("format", esc(d.output().format().label()) + ", " + esc(d.output().mode().label())
            + " · versions kept " + esc(dev.mesh.render.Durations.declared(data.retentionOf(d)))))
        .append(fact("schedule", d.schedule() == null ? "on demand" : "<code>" + esc(d.schedule()) + "</code>"))
        .append(fact("transform", transform(data, d)))
        .append(fact("tags", d.tags().isEmpty() ? "–" : HomePage.tags(d.tags())))
        .append(fact("contract", "<a class=\"download\" href=\"../contracts/" + esc(id) + ".odcs.yaml\" download>ODCS v3.1.0 YAML</a>"))
        .append("</dl>\n");
    if (d.deprecatedAfter() != null) {
      b.append("<p class=\"notice\">Deprecated: readable until ").append(esc(d.deprecatedAfter().toString())).append(".</p>\n");
    }
    data.holdOf(d.id()).ifPresent(hold -> b.append("<p class=\"notice\">").append(Page.status("held")).append(" ")
        .append(esc(hold.detail())).append(". Its runs do not run until <code>mesh release ")
        .append(esc(d.id().toString())).append("</code>; readers read its current rows.</p>\n"));
    status(b, data, d, health, last);
    runs(b, runs);
    schema(b, d);
    sla(b, d);
    trends(b, data.qualityOf(d.id()));
    lineage(b, data, d);
    query(b, data, d);
    return Page.frame(id, "../", "home", b.toString(), Page.time(data.asOf()));
  }

  /** {@code SQL daily_revenue.sql · 3 unit tests}: what computes the product, and how much of it its domain tests. */
  static String transform(SiteData data, ProductDescriptor d) {
    String what = d.transform() instanceof TransformSpec.SqlFile sql
        ? "SQL <code>" + esc(sql.file()) + "</code>"
        : javaClass(((TransformSpec.JavaClass) d.transform()).className());
    String tests = data.unitTestsOf(d)
        .map(n -> n == 0 ? "no unit tests" : n + (n == 1 ? " unit test" : " unit tests"))
        .orElse("unit tests unreadable (bin/mesh validate)");
    return what + " · " + esc(tests);
  }

  private static String javaClass(String name) {
    return "Java <code title=\"" + esc(name) + "\">" + esc(name.substring(name.lastIndexOf('.') + 1)) + "</code>";
  }

  private static String fact(String k, String v) {
    return "<div><dt>" + esc(k) + "</dt><dd>" + v + "</dd></div>";
  }

  static String contact(String c) {
    if (c == null || c.isBlank()) {
      return "–";
    }
    if (c.contains("://")) {
      return "<a href=\"" + esc(c) + "\">" + esc(c) + "</a>";
    }
    return c.contains("@") ? "<a href=\"mailto:" + esc(c) + "\">" + esc(c) + "</a>" : esc(c);
  }

  private static void status(StringBuilder b, SiteData data, ProductDescriptor d, Health health, RunRecord last) {
    b.append("<section id=\"status\"><h2>Status</h2>");
    if (last == null) {
      b.append("<p class=\"muted\">Never run: <code>bin/mesh run ").append(esc(d.id().toString())).append("</code></p></section>\n");
      return;
    }
    b.append("<p>Last run ").append(Page.status(last.status())).append(" for ").append(esc(String.valueOf(last.logicalDate())))
        .append(", ended ").append(esc(Page.time(last.endedAt()))).append(". ");
    FreshnessSpec f = d.sla().freshness();
    dev.mesh.catalog.Publications.Publication published = RunRecord.published(data.runsOf(d.id()));
    b.append(published == null ? "No successful run among the recent ones." : "Last published " + esc(Page.time(published.run().endedAt()))
        + (published.version() == null ? "" : " as table version " + published.version())
        + (published.restoredBy() == null ? "" : ", current again since " + esc(Page.time(published.restoredBy().endedAt()))
            + " (<code>mesh rollback</code>, " + esc(published.restoredBy().runId()) + ")") + ".");
    if (f.maxAge() != null) {
      b.append(" Freshness SLA: at most ").append(esc(Durations.declared(f.maxAge()))).append(" old")
          .append(health == Health.LATE ? " — <b>late</b>." : ".");
    }
    b.append("</p>\n");
    List<QualityRecord> failed = data.qualityOf(d.id()).stream().filter(q -> q.runId().equals(last.runId()) && q.failed()).toList();
    if (!failed.isEmpty()) {
      b.append("<div class=\"alert ").append("blocked".equals(last.status()) ? "blocked" : "failing").append("\" id=\"failed-rules\"><b>")
          .append("blocked".equals(last.status()) ? "Not published: " : "").append(failed.size())
          .append(failed.size() == 1 ? " rule failed" : " rules failed").append(" in the last run</b><table class=\"grid\"><thead><tr>")
          .append("<th>rule</th><th>metric</th><th>value</th><th>threshold</th><th>severity</th><th>message</th></tr></thead><tbody>\n");
      for (QualityRecord q : failed) {
        b.append("<tr class=\"failed-rule\" data-rule=\"").append(esc(q.rule())).append("\"><td>").append(esc(q.rule()))
            .append("</td><td>").append(Page.orDash(q.metric())).append("</td><td class=\"value\">")
            .append(q.value() == null ? "–" : esc(TrendChart.label(q.value()))).append("</td><td class=\"threshold\">")
            .append(Page.orDash(q.threshold())).append("</td><td>").append(Page.orDash(q.severity())).append("</td><td>")
            .append(Page.orDash(q.message())).append("</td></tr>\n");
      }
      b.append("</tbody></table></div>\n");
    }
    if (last.error() != null && !last.error().isBlank() && failed.isEmpty()) {
      b.append("<pre class=\"error\">").append(esc(last.error())).append("</pre>\n");
    }
    b.append("</section>\n");
  }

  private static void runs(StringBuilder b, List<RunRecord> runs) {
    if (runs.isEmpty()) {
      return;
    }
    b.append("<section id=\"runs\"><h2>Recent runs</h2><table class=\"grid\"><thead><tr><th>logical date</th><th>status</th>")
        .append("<th class=\"num\">rows</th><th class=\"num\">duration</th><th class=\"num\">table version</th><th>product version</th>")
        .append("<th>ended</th><th>quality</th></tr></thead><tbody>\n");
    for (RunRecord r : runs) {
      b.append("<tr><td>").append(Page.orDash(r.logicalDate())).append("</td><td>").append(Page.status(r.status())).append("</td><td class=\"num\">")
          .append(Page.count(r.rowsWritten())).append("</td><td class=\"num\">").append(Page.millis(r.durationMs())).append("</td><td class=\"num\">")
          .append(r.tableVersion() == null ? "–" : r.tableVersion()).append("</td><td>").append(Page.orDash(r.productVersion()))
          .append("</td><td>").append(esc(Page.time(r.endedAt()))).append("</td><td>").append(Page.orDash(r.qualitySummary())).append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  private static void schema(StringBuilder b, ProductDescriptor d) {
    b.append("<section id=\"schema\"><h2>Schema contract</h2><table class=\"grid\"><thead><tr><th>column</th><th>type</th>")
        .append("<th>nulls</th><th>personal data</th><th>description</th></tr></thead><tbody>\n");
    for (ColumnSpec c : d.schema().columns()) {
      b.append("<tr><td><code>").append(esc(c.name())).append("</code></td><td><code>").append(esc(c.type())).append("</code></td><td>")
          .append(c.nullable() ? "nullable" : "not null").append("</td><td>")
          .append(c.pii() ? "<span class=\"badge pii\">PII" + (c.piiHandling() == null ? "" : ": " + esc(c.piiHandling().label())) + "</span>" : "")
          .append("</td><td>").append(Page.orDash(c.description())).append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  private static void sla(StringBuilder b, ProductDescriptor d) {
    b.append("<section id=\"sla\"><h2>Service levels</h2><ul class=\"rules\">");
    FreshnessSpec f = d.sla().freshness();
    b.append("<li><b>freshness</b> ").append(f.maxAge() == null ? "none declared" : "at most " + esc(Durations.declared(f.maxAge()))
        + " since the last successful run").append("</li>");
    for (FreshnessSpec.InputFreshness in : f.inputs()) {
      b.append("<li><b>input freshness</b> ").append(esc(RuleText.of(in))).append("</li>");
    }
    List<Rule> rules = new ArrayList<>(ContractCheck.notNullRules(d.schema()));
    rules.addAll(d.sla().rules());
    for (Rule r : rules) {
      b.append("<li><b>").append(esc(r.name())).append("</b> ").append(esc(RuleText.of(r))).append("</li>");
    }
    b.append("</ul></section>\n");
  }

  private static void trends(StringBuilder b, List<QualityRecord> quality) {
    if (quality.isEmpty()) {
      return;
    }
    SortedMap<String, List<QualityRecord>> byRule = new TreeMap<>();
    quality.forEach(q -> byRule.computeIfAbsent(q.rule(), k -> new ArrayList<>()).add(q));
    b.append("<section id=\"trends\"><h2>Quality over time</h2><div class=\"charts\">\n");
    byRule.forEach((rule, outcomes) -> {
      QualityRecord latest = outcomes.get(outcomes.size() - 1);
      List<TrendChart.Point> points = outcomes.stream()
          .map(q -> new TrendChart.Point(String.valueOf(q.logicalDate()), q.value(), q.status())).toList();
      b.append("<figure class=\"chart\" data-rule=\"").append(esc(rule)).append("\"><figcaption><b>").append(esc(rule)).append("</b> ")
          .append(Page.orDash(latest.metric())).append(" · threshold <code>").append(Page.orDash(latest.threshold())).append("</code></figcaption>")
          .append(TrendChart.of(rule + ": " + latest.metric(), points, latest.threshold())).append("</figure>\n");
    });
    b.append("</div></section>\n");
  }

  private static void lineage(StringBuilder b, SiteData data, ProductDescriptor d) {
    b.append("<section id=\"lineage\"><h2>Lineage</h2><div class=\"two\"><div><h3>Upstream</h3><ul class=\"links\">");
    if (d.inputs().isEmpty()) {
      b.append("<li class=\"muted\">none</li>");
    }
    for (InputSpec in : d.inputs()) {
      if (in instanceof InputSpec.ProductInput p) {
        b.append("<li><a href=\"").append(Page.file(p.product().toString())).append("\">").append(esc(p.product().toString()))
            .append("</a> <span class=\"muted\">as ").append(esc(in.alias())).append("</span></li>");
      } else {
        InputSpec.SourceInput s = (InputSpec.SourceInput) in;
        b.append("<li>source <code>").append(esc(s.type())).append("</code> <span class=\"muted\">as ").append(esc(in.alias()))
            .append(s.options().isEmpty() ? "" : " (" + esc(new TreeMap<>(s.options()).toString()) + ")").append("</span></li>");
      }
    }
    b.append("</ul></div><div><h3>Downstream</h3><ul class=\"links\">");
    var down = data.graph().downstreamOf(d.id());
    if (down.isEmpty()) {
      b.append("<li class=\"muted\">none</li>");
    }
    for (ProductId p : down) {
      b.append("<li><a href=\"").append(Page.file(p.toString())).append("\">").append(esc(p.toString())).append("</a></li>");
    }
    b.append("</ul></div></div>\n");
    List<CatalogQueries.Column> columns = data.lineage().columns(d.id().toString());
    b.append("<h3>Columns</h3>");
    if (columns.isEmpty()) {
      b.append("<p class=\"muted\">No column lineage recorded yet (it comes with the first published run).</p>");
    } else {
      b.append("<p><a href=\"../lineage/").append(Page.file(d.id().toString())).append("\">Column lineage as a picture →</a></p>")
          .append("<table class=\"grid\"><thead><tr><th>column</th><th>from</th><th>kind</th></tr></thead><tbody>\n");
      for (CatalogQueries.Column c : columns) {
        b.append("<tr><td><code>").append(esc(c.output())).append("</code></td><td><code>").append(esc(c.input())).append('.')
            .append(esc(c.column())).append("</code></td><td>").append(esc(c.kind()))
            .append(c.subtype() == null ? "" : " <span class=\"muted\">" + esc(c.subtype().toLowerCase(java.util.Locale.ROOT)) + "</span>")
            .append("</td></tr>\n");
      }
      b.append("</tbody></table>");
    }
    b.append("</section>\n");
  }

  private static void query(StringBuilder b, SiteData data, ProductDescriptor d) {
    String id = d.id().toString();
    b.append("<section id=\"query\"><h2>Query it</h2><p>Catalog name <code>").append(esc(id)).append("</code>")
        .append(data.locations().containsKey(id) ? ", stored at <code>" + esc(data.locations().get(id)) + "</code>" : "").append(".</p>")
        .append("<pre class=\"code\">bin/mesh sql \"SELECT * FROM ").append(esc(id)).append(" LIMIT 10\"</pre>")
        .append("<p class=\"muted\">In a notebook with the mesh kernel: <code>SELECT * FROM ").append(esc(id))
        .append("</code>. Another product reads it with <code>inputs { ").append(esc(d.id().name())).append(" = ").append(esc(id))
        .append(" }</code>.</p></section>\n");
  }
}
