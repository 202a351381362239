package dev.mesh.config;

import dev.mesh.model.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How alerts are routed and delivered ({@code mesh.alerts { ... }} in conf/mesh.conf, {@code domain.alerts { ... }} in
 * a domain's domain.conf). Every key, its default and its meaning are in
 * {@code framework/core/src/main/resources/reference.conf}. Secrets are never held here: a channel names the
 * environment variable its webhook URL or SMTP password is read from when an alert is sent.
 *
 * @param enabled whether runs and {@code mesh monitor} raise alerts at all (recorded in {@code mesh.alerts})
 * @param renotifyAfter how long an open alert stays quiet before it is sent again
 * @param attempts delivery attempts per channel and alert (the first included)
 * @param backoff the wait before the second attempt, doubled before each further one
 * @param timeout how long one attempt may take (connect and answer)
 * @param channels the channels by name
 * @param routes the platform's routes, tried in order; every route that matches adds its channels
 * @param domains each domain's own routes (domain.conf), by domain
 * @param monitorSchedule the cron schedule of the monitor DAG {@code mesh dag} writes
 */
public record AlertsConfig(
    boolean enabled,
    Duration renotifyAfter,
    int attempts,
    Duration backoff,
    Duration timeout,
    Map<String, Channel> channels,
    List<Route> routes,
    Map<String, DomainRoutes> domains,
    String monitorSchedule) {

  /** The kinds of alert, as written in routes ({@code kinds = [blocked, late]}). */
  public static final List<String> KINDS =
      List.of(
          "failed", "blocked", "skipped", "input-missing", "refused", "warn-rule", "anomaly", "late", "input-late",
          "deprecated-input", "rolled-back", "input-rolled-back", "held", "input-held");

  public static final List<String> SEVERITIES = List.of("error", "warn");

  public AlertsConfig {
    channels = Map.copyOf(channels);
    routes = List.copyOf(routes);
    domains = Map.copyOf(domains);
  }

  /** The defaults of reference.conf: alerts recorded, no channel. */
  public static AlertsConfig defaults() {
    return new AlertsConfig(
        true, Duration.ofHours(24), 3, Duration.ofSeconds(1), Duration.ofSeconds(10), Map.of(), List.of(), Map.of(),
        "*/30 * * * *");
  }

  /** The same settings with each domain's routes from its domain.conf. */
  public AlertsConfig withDomains(Map<String, DomainRoutes> byDomain) {
    return new AlertsConfig(enabled, renotifyAfter, attempts, backoff, timeout, channels, routes, byDomain, monitorSchedule);
  }

  /** A delivery channel. */
  public sealed interface Channel {
    String name();
  }

  /**
   * A JSON POST to a URL read from {@code urlEnv} when an alert is sent.
   *
   * @param format {@code slack} (a Slack-compatible incoming-webhook payload: {@code text} and {@code blocks}) or
   *     {@code json} (every field of the alert)
   */
  public record Webhook(String name, String urlEnv, String format) implements Channel {}

  /**
   * E-mail over SMTP.
   *
   * @param to fixed recipients; empty: the product owner's contact
   * @param user the SMTP user, or empty for a server without authentication
   * @param passwordEnv the environment variable holding the SMTP password (with {@code user})
   * @param security {@code none}, {@code starttls} (required) or {@code ssl}
   */
  public record Email(
      String name, String host, int port, String from, List<String> to, String user, String passwordEnv, String security)
      implements Channel {
    public Email {
      to = List.copyOf(to);
    }
  }

  /**
   * Which alerts go to which channels. An empty set matches everything.
   *
   * @param origin where the route is declared (for messages)
   */
  public record Route(
      Set<String> kinds, Set<String> severities, Set<String> domains, Set<String> tags, List<String> channels, Origin origin) {
    public Route {
      kinds = Set.copyOf(kinds);
      severities = Set.copyOf(severities);
      domains = Set.copyOf(domains);
      tags = Set.copyOf(tags);
      channels = List.copyOf(channels);
    }

    public boolean matches(String kind, String severity, String domain, List<String> productTags) {
      return (kinds.isEmpty() || kinds.contains(kind))
          && (severities.isEmpty() || severities.contains(severity))
          && (domains.isEmpty() || domains.contains(domain))
          && (tags.isEmpty() || productTags.stream().anyMatch(tags::contains));
    }
  }

  /**
   * A domain's routes ({@code domain.alerts} in its domain.conf).
   *
   * @param inherit whether the platform's routes apply to the domain's products as well
   */
  public record DomainRoutes(List<Route> routes, boolean inherit) {
    public DomainRoutes {
      routes = List.copyOf(routes);
    }
  }

  /** The routes that apply to a product of {@code domain}: its domain's, then (unless turned off) the platform's. */
  public List<Route> routesFor(String domain) {
    DomainRoutes d = domains.get(domain);
    if (d == null) {
      return routes;
    }
    List<Route> out = new java.util.ArrayList<>(d.routes());
    if (d.inherit()) {
      out.addAll(routes);
    }
    return out;
  }
}
