package dev.mesh.site.pages;

import static dev.mesh.site.svg.Xml.esc;

import dev.mesh.site.model.Health;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The frame every page shares (head, navigation, footer) and the small formatters the pages use. */
public final class Page {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Page() {}

  /**
   * @param root the path from the page to the site's root: {@code ""} or {@code "../"}
   * @param nav which entry of the navigation is this page's: {@code home}, {@code lineage}, {@code domains}
   */
  public static String frame(String title, String root, String nav, String body, String asOf, String... scripts) {
    StringBuilder b = new StringBuilder(body.length() + 2048);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append(" · mesh catalog</title>\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<link rel=\"stylesheet\" href=\"").append(root).append("assets/site.css\">\n");
    for (String s : scripts) {
      b.append("<script src=\"").append(root).append(s).append("\" defer></script>\n");
    }
    b.append("</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">")
        .append("<a class=\"brand\" href=\"").append(root).append("index.html\"><span class=\"logo\">◆</span> mesh catalog</a>")
        .append("<nav>")
        .append(navLink(root + "index.html", "Products", "home".equals(nav)))
        .append(navLink(root + "lineage.html", "Lineage", "lineage".equals(nav)))
        .append(navLink(root + "index.html#domains", "Domains", "domains".equals(nav)))
        .append("</nav></div></header>\n<main class=\"wrap\">\n")
        .append(body)
        .append("</main>\n<footer class=\"wrap\">Built by <code>bin/mesh site</code> from the declarations in <code>conf/</code> and the catalog tables")
        .append(" <code>mesh.*</code>; health as of ").append(esc(asOf)).append(".</footer>\n</body>\n</html>\n");
    return b.toString();
  }

  private static String navLink(String href, String text, boolean active) {
    return "<a href=\"" + href + "\"" + (active ? " class=\"active\"" : "") + ">" + esc(text) + "</a>";
  }

  public static String badge(Health h) {
    return "<span class=\"badge " + h.key() + "\">" + esc(h.label()) + "</span>";
  }

  /** A run status as a badge: {@code succeeded}, {@code blocked}, {@code failed}... */
  public static String status(String status) {
    String s = status == null ? "unknown" : status;
    String cls = switch (s) {
      case "succeeded" -> "fresh";
      case "blocked", "rolled-back", "held" -> "blocked";
      case "busy", "released" -> "never-run";
      default -> "failing";
    };
    return "<span class=\"badge " + cls + "\">" + esc(s) + "</span>";
  }

  /** The "last run" cell of a product's row: its date and status badge, and a {@code held} badge while it is held. */
  public static String lastRun(dev.mesh.site.model.SiteData data, dev.mesh.model.ProductId id) {
    dev.mesh.site.model.RunRecord last = data.lastRunOf(id).orElse(null);
    String held = data.holdOf(id).isPresent() ? " " + status("held") : "";
    return (last == null ? "–" : esc(String.valueOf(last.logicalDate())) + " " + status(last.status())) + held;
  }

  public static String time(Instant t) {
    return t == null ? "–" : TIME.format(t);
  }

  public static String millis(Long ms) {
    if (ms == null) {
      return "–";
    }
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  public static String count(Long n) {
    return n == null ? "–" : String.format(Locale.ROOT, "%,d", n);
  }

  public static String orDash(Object o) {
    return o == null || o.toString().isBlank() ? "–" : esc(o.toString());
  }

  /** A file name for a product's pages: its id, which is lower snake case with one dot. */
  public static String file(String id) {
    return id + ".html";
  }
}
