package dev.mesh.config;

import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code mesh.alerts { ... }} and {@code domain.alerts { ... }}, reporting every problem with file, line and key. */
final class AlertsConfigParser {
  private static final Set<String> KEYS =
      Set.of("enabled", "renotify-after", "delivery", "channels", "routes", "monitor");
  private static final Set<String> DELIVERY_KEYS = Set.of("attempts", "backoff", "timeout");
  private static final Set<String> WEBHOOK_KEYS = Set.of("type", "url-env", "format");
  private static final Set<String> EMAIL_KEYS = Set.of("type", "host", "port", "from", "to", "user", "password-env", "security");
  private static final Set<String> ROUTE_KEYS = Set.of("kinds", "severities", "domains", "tags", "channels");
  private static final Set<String> DOMAIN_KEYS = Set.of("routes", "inherit");
  private static final Set<String> MONITOR_KEYS = Set.of("schedule");
  private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private AlertsConfigParser() {}

  static AlertsConfig parse(ConfigReader a) {
    AlertsConfig d = AlertsConfig.defaults();
    if (a == null) {
      return d;
    }
    a.rejectUnknownKeys(KEYS);
    Duration renotify = positive(a, "renotify-after", d.renotifyAfter());
    int attempts = d.attempts();
    Duration backoff = d.backoff();
    Duration timeout = d.timeout();
    ConfigReader delivery = a.object("delivery");
    if (delivery != null) {
      delivery.rejectUnknownKeys(DELIVERY_KEYS);
      long n = delivery.integer("attempts", (long) attempts);
      if (n < 1 || n > 10) {
        delivery.problem("attempts", "must be a whole number from 1 to 10, got " + n);
      } else {
        attempts = (int) n;
      }
      backoff = positive(delivery, "backoff", backoff);
      if (backoff.compareTo(Duration.ofMinutes(1)) > 0) {
        delivery.problem("backoff", "must be at most 1m (a run waits for its alerts' delivery), got " + backoff);
        backoff = d.backoff();
      }
      timeout = positive(delivery, "timeout", timeout);
    }
    Map<String, AlertsConfig.Channel> channels = new LinkedHashMap<>();
    ConfigReader ch = a.object("channels");
    if (ch != null) {
      for (Map.Entry<String, ConfigValue> e : ch.entriesInFileOrder()) {
        String name = e.getKey();
        if (!name.matches("[A-Za-z0-9_-]+")) {
          ch.problem(com.typesafe.config.ConfigUtil.quoteString(name), "a channel name may hold only letters, digits, '-' and '_'");
          continue;
        }
        ConfigReader c = ch.object(name);
        if (c != null) {
          AlertsConfig.Channel parsed = channel(name, c);
          if (parsed != null) {
            channels.put(name, parsed);
          }
        }
      }
    }
    List<AlertsConfig.Route> routes = routes(a, channels.keySet());
    String schedule = d.monitorSchedule();
    ConfigReader monitor = a.object("monitor");
    if (monitor != null) {
      monitor.rejectUnknownKeys(MONITOR_KEYS);
      schedule = monitor.string("schedule", schedule);
      if (schedule.isBlank() || schedule.trim().split("\\s+").length != 5 && !schedule.startsWith("@")) {
        monitor.problem("schedule", "must be a cron expression of five fields (e.g. \"*/30 * * * *\") or an Airflow preset such as @hourly, got '" + schedule + "'");
      }
    }
    return new AlertsConfig(
        a.bool("enabled", d.enabled()), renotify, attempts, backoff, timeout, channels, routes, Map.of(), schedule);
  }

  /** {@code domain.alerts { routes = [...], inherit = true }} of a domain.conf; channels are the platform's. */
  static AlertsConfig.DomainRoutes parseDomain(ConfigReader a, Set<String> channels) {
    a.rejectUnknownKeys(DOMAIN_KEYS);
    return new AlertsConfig.DomainRoutes(routes(a, channels), a.bool("inherit", true));
  }

  private static List<AlertsConfig.Route> routes(ConfigReader a, Set<String> channels) {
    List<AlertsConfig.Route> routes = new ArrayList<>();
    for (ConfigReader r : a.objectList("routes")) {
      r.rejectUnknownKeys(ROUTE_KEYS);
      Set<String> kinds = oneOf(r, "kinds", AlertsConfig.KINDS);
      Set<String> severities = oneOf(r, "severities", AlertsConfig.SEVERITIES);
      List<String> names = r.stringList("channels");
      if (names.isEmpty()) {
        r.problem("channels", "is required: the channels (declared in mesh.alerts.channels) this route sends to");
      }
      for (String n : names) {
        if (!channels.contains(n)) {
          r.problem(
              "channels",
              "names channel '" + n + "', which mesh.alerts.channels does not declare"
                  + (channels.isEmpty() ? " (it declares none)" : "; declared: " + String.join(", ", channels)));
        }
      }
      routes.add(
          new AlertsConfig.Route(
              kinds, severities, new LinkedHashSet<>(r.stringList("domains")), new LinkedHashSet<>(r.stringList("tags")),
              names, r.origin()));
    }
    return routes;
  }

  private static Set<String> oneOf(ConfigReader r, String key, List<String> allowed) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : r.stringList(key)) {
      if (!allowed.contains(v)) {
        r.problem(key, "'" + v + "' is not one of " + String.join(", ", allowed));
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static AlertsConfig.Channel channel(String name, ConfigReader c) {
    String type = c.string("type", null);
    if (type == null) {
      c.problem("type", "is required: webhook or email");
      return null;
    }
    switch (type) {
      case "webhook" -> {
        c.rejectUnknownKeys(WEBHOOK_KEYS);
        String env = envName(c, "url-env", true);
        String format = c.string("format", "json");
        if (!Set.of("slack", "json").contains(format)) {
          c.problem("format", "must be slack (a Slack-compatible incoming webhook) or json, got '" + format + "'");
        }
        return new AlertsConfig.Webhook(name, env, format);
      }
      case "email" -> {
        c.rejectUnknownKeys(EMAIL_KEYS);
        String host = c.string("host", null);
        if (host == null || host.isBlank()) {
          c.problem("host", "is required: the SMTP server, e.g. smtp.example.com");
        }
        long port = c.integer("port", 25L);
        if (port < 1 || port > 65535) {
          c.problem("port", "must be a port from 1 to 65535, got " + port);
        }
        String from = c.string("from", null);
        if (from == null || !from.contains("@")) {
          c.problem("from", "is required: the sender's address, e.g. mesh-alerts@example.com");
        }
        List<String> to = c.stringList("to");
        for (String t : to) {
          if (!t.contains("@")) {
            c.problem("to", "'" + t + "' is not an e-mail address");
          }
        }
        String user = c.string("user", "");
        String passwordEnv = envName(c, "password-env", false);
        if (!user.isEmpty() && passwordEnv == null) {
          c.problem("password-env", "is required with user: the environment variable holding the SMTP password");
        }
        String security = c.string("security", "starttls");
        if (!Set.of("none", "starttls", "ssl").contains(security)) {
          c.problem("security", "must be none, starttls or ssl, got '" + security + "'");
        }
        return new AlertsConfig.Email(name, host, (int) port, from, to, user, passwordEnv, security);
      }
      default -> {
        c.problem("type", "must be webhook or email, got '" + type + "'");
        return null;
      }
    }
  }

  private static String envName(ConfigReader c, String key, boolean required) {
    String v = c.string(key, null);
    if (v == null) {
      if (required) {
        c.problem(key, "is required: the environment variable holding the secret (e.g. MESH_SLACK_WEBHOOK); secrets are never written in a .conf file");
      }
      return null;
    }
    if (!v.matches(ENV_NAME)) {
      c.problem(key, "must name an environment variable (letters, digits, '_'), got '" + v + "'; the secret itself goes into that variable");
      return null;
    }
    return v;
  }

  private static Duration positive(ConfigReader r, String key, Duration fallback) {
    Duration v = r.duration(key, fallback);
    if (v.isNegative() || v.isZero()) {
      r.problem(key, "must be a positive duration such as 500ms, 30s or 24h, got " + v);
      return fallback;
    }
    return v;
  }
}
