package dev.mesh.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The JSON bodies of webhooks, written in one place: a Slack-compatible message, and the alert as generic JSON. */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  static String body(String format, AlertEvent e) {
    return "slack".equals(format) ? slack(e) : json(e);
  }

  /**
   * A Slack incoming-webhook message ({@code text} for notifications and clients without blocks, {@code blocks} for
   * the layout); Mattermost, Rocket.Chat and Microsoft Teams' Slack-compatible endpoints take the same {@code text}.
   */
  static String slack(AlertEvent e) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", e.headline() + ": " + e.alert().summary());
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", truncate(e.headline(), 150));
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", truncate("```" + e.text() + "```", 3000));
    return root.toString();
  }

  /** Every field of the alert, snake_case, as recorded in {@code mesh.alerts}. */
  static String json(AlertEvent e) {
    Alert a = e.alert();
    ObjectNode root = JSON.createObjectNode();
    root.put("alert_id", e.id());
    root.put("event", e.type().label());
    root.put("key", a.key());
    root.put("kind", a.kind());
    root.put("severity", a.severity());
    root.put("product", a.product());
    root.put("domain", a.domain());
    root.put("owner_team", a.ownerTeam());
    root.put("owner_contact", a.ownerContact());
    root.put("logical_date", a.logicalDate() == null ? null : a.logicalDate().toString());
    root.put("summary", a.summary());
    root.put("rule", a.rule());
    if (a.value() == null) {
      root.putNull("value");
    } else {
      root.put("value", a.value());
    }
    root.put("threshold", a.threshold());
    root.put("command", a.command());
    if (a.tableVersion() == null) {
      root.putNull("table_version");
    } else {
      root.put("table_version", a.tableVersion());
    }
    root.put("run_id", a.runId());
    root.put("drill", a.drill());
    root.put("at", e.at().toString());
    root.put("headline", e.headline());
    return root.toString();
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
