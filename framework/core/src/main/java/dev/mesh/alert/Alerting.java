package dev.mesh.alert;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogStore;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.config.AlertsConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.render.Plural;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Decides which alerts to send, sends them and records them in {@code mesh.alerts}.
 *
 * <p>An alert is identified by its key. An evaluation is told what fires now and which keys it checked (its scope):
 * a key firing that is not open is <em>raised</em>; one already open is sent again (<em>reminder</em>) only once the
 * re-notify interval has passed since it was last sent, else nothing; an open key in scope that no longer fires is
 * <em>resolved</em>. Which keys are open is read from {@code mesh.alerts} once per process, then kept up to date by
 * this process's evaluations (another process's alerts raised meanwhile are seen by the next process). Reading needs
 * no Spark session where the catalog reader needs none; the store that records is asked for only when there is an
 * event to record (so {@code mesh monitor} that finds nothing new starts no Spark session).
 *
 * <p>Delivery never throws: each channel is tried {@code attempts} times with a doubling backoff, and an event that
 * could not be delivered is recorded {@code undelivered} with the reason and reported (without secrets).
 */
public final class Alerting {
  /** The delivery states recorded in {@code mesh.alerts.delivery}. */
  public static final String DELIVERED = "delivered";

  public static final String UNDELIVERED = "undelivered";
  public static final String UNROUTED = "unrouted";

  private final CatalogReader reader;
  private final Supplier<CatalogStore> store;
  private final AlertsConfig config;
  private final Clock clock;
  private final Consumer<String> reporter;
  private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
  private final Map<String, List<String>> tagsByProduct;
  private Map<String, Open> open;

  /** An open alert: as last raised, and when it was last sent. */
  private record Open(Alert alert, Instant lastSent) {}

  /** What was decided and done for one event on one channel. */
  public record Delivery(AlertEvent event, String channel, String recipient, String state, int attempts, String error) {}

  /**
   * @param reader where the open alerts are read from, once
   * @param store where events are recorded, asked for at the first event
   * @param tagsByProduct each product's tags (routes match on them; {@code mesh.alerts} does not hold them)
   * @param env where the channels' secrets are read from
   */
  public Alerting(
      CatalogReader reader, Supplier<CatalogStore> store, AlertsConfig config, Map<String, List<String>> tagsByProduct,
      Map<String, String> env, Clock clock, Consumer<String> reporter) {
    this.reader = reader;
    this.store = store;
    this.tagsByProduct = Map.copyOf(tagsByProduct);
    this.config = config;
    this.clock = clock;
    this.reporter = reporter;
    for (AlertsConfig.Channel c : config.channels().values()) {
      channels.put(c.name(), AlertChannel.of(c, Map.copyOf(env), config.timeout()));
    }
  }

  public AlertsConfig config() {
    return config;
  }

  /**
   * Evaluates what fires now against what is open, sends and records the resulting events.
   *
   * @param firing the alerts that fire now
   * @param scope the keys this evaluation checked: an open one among them that does not fire is resolved
   * @return every delivery made or attempted (empty when nothing changed)
   */
  public List<Delivery> evaluate(Collection<Alert> firing, Predicate<String> scope) {
    List<AlertEvent> events = decide(firing, scope);
    if (events.isEmpty()) {
      return List.of();
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (AlertEvent e : events) {
      deliveries.addAll(deliver(e));
    }
    record(deliveries);
    return deliveries;
  }

  /** The alerts open now (as this process knows them), for {@code mesh status}. */
  public synchronized List<Alert> openAlerts() {
    return openAlerts(loadOpen());
  }

  private static List<Alert> openAlerts(Map<String, Open> open) {
    return open.values().stream().map(Open::alert).toList();
  }

  private synchronized List<AlertEvent> decide(Collection<Alert> firing, Predicate<String> scope) {
    Map<String, Open> state = loadOpen();
    Instant now = clock.instant();
    List<AlertEvent> events = new ArrayList<>();
    Set<String> firingKeys = new LinkedHashSet<>();
    for (Alert a : firing) {
      if (!firingKeys.add(a.key())) {
        continue;
      }
      Open o = state.get(a.key());
      if (o == null) {
        events.add(new AlertEvent(UUID.randomUUID().toString(), AlertEvent.Type.RAISED, a, now));
        state.put(a.key(), new Open(a, now));
      } else if (Duration.between(o.lastSent(), now).compareTo(config.renotifyAfter()) >= 0) {
        events.add(new AlertEvent(UUID.randomUUID().toString(), AlertEvent.Type.REMINDER, a, now));
        state.put(a.key(), new Open(a, now));
      }
    }
    for (String key : List.copyOf(state.keySet())) {
      if (!firingKeys.contains(key) && scope.test(key)) {
        Open o = state.remove(key);
        events.add(new AlertEvent(UUID.randomUUID().toString(), AlertEvent.Type.RESOLVED, o.alert(), now));
      }
    }
    return events;
  }

  /** The open alerts of {@code mesh.alerts}: per key, its latest event unless that is a resolution. */
  private Map<String, Open> loadOpen() {
    if (open == null) {
      open = open(reader, tagsByProduct);
    }
    return open;
  }

  /**
   * The alerts open now according to {@code mesh.alerts}, read with any reader (so {@code mesh status} asks without a
   * Spark session): per key, its latest event unless that is a resolution.
   */
  public static List<Alert> openAlerts(CatalogReader reader, Map<String, List<String>> tagsByProduct) {
    return openAlerts(open(reader, tagsByProduct));
  }

  private static final List<String> ALERT_COLUMNS =
      List.of(
          "key", "event", "kind", "severity", "product", "domain", "owner_team", "owner_contact", "logical_date", "summary",
          "rule", "value", "threshold", "command", "table_version", "run_id", "raised_at", "recorded_at");

  private static Map<String, Open> open(CatalogReader reader, Map<String, List<String>> tagsByProduct) {
    Comparator<CatalogRow> latestFirst =
        Comparator.comparing((CatalogRow r) -> r.instant("recorded_at"), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(r -> r.instant("raised_at"), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .reversed();
    Map<String, CatalogRow> latest = new HashMap<>();
    Map<String, Instant> lastSent = new HashMap<>();
    for (CatalogRow r : reader.read(CatalogTable.ALERTS, ALERT_COLUMNS)) {
      String key = r.string("key");
      latest.merge(key, r, (a, b) -> latestFirst.compare(a, b) <= 0 ? a : b);
      Instant raised = r.instant("raised_at");
      if (raised != null) {
        lastSent.merge(key, raised, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    Map<String, Open> out = new HashMap<>();
    for (CatalogRow r : latest.values()) {
      if (!"resolved".equals(r.string("event"))) {
        Alert a = alertOf(r, tagsByProduct);
        out.put(a.key(), new Open(a, lastSent.get(a.key())));
      }
    }
    return out;
  }

  private static Alert alertOf(CatalogRow r, Map<String, List<String>> tagsByProduct) {
    return new Alert(
        r.string("key"), r.string("kind"), r.string("severity"), r.string("product"), r.string("domain"),
        r.string("owner_team"), r.string("owner_contact"), tagsByProduct.getOrDefault(r.string("product"), List.of()),
        r.date("logical_date"), r.string("summary"), r.string("rule"), r.doubleValue("value"), r.string("threshold"),
        r.string("command"), r.longValue("table_version"), r.string("run_id"), false);
  }

  private List<Delivery> deliver(AlertEvent e) {
    Alert a = e.alert();
    Set<String> names = new LinkedHashSet<>();
    for (AlertsConfig.Route r : config.routesFor(a.domain())) {
      if (r.matches(a.kind(), a.severity(), a.domain(), a.tags())) {
        names.addAll(r.channels());
      }
    }
    List<Delivery> out = new ArrayList<>();
    if (names.isEmpty()) {
      out.add(new Delivery(e, null, null, UNROUTED, 0, null));
      return out;
    }
    for (String name : names) {
      AlertChannel channel = channels.get(name);
      List<String> recipients = channel.recipients(a);
      if (recipients.isEmpty()) {
        out.add(new Delivery(e, name, null, UNDELIVERED, 0, "no recipient: the product declares no owner contact and the channel no 'to'"));
        continue;
      }
      for (String to : recipients) {
        out.add(sendWithRetry(e, channel, to));
      }
    }
    return out;
  }

  private Delivery sendWithRetry(AlertEvent e, AlertChannel channel, String to) {
    Duration wait = config.backoff();
    String error = null;
    for (int attempt = 1; attempt <= config.attempts(); attempt++) {
      try {
        channel.send(e, to);
        return new Delivery(e, channel.name(), to, DELIVERED, attempt, null);
      } catch (AlertChannel.DeliveryException ex) {
        error = ex.getMessage();
      } catch (RuntimeException ex) {
        error = MeshErrors.rootMessage(ex);
      }
      if (attempt < config.attempts()) {
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
        wait = wait.multipliedBy(2);
      }
    }
    reporter.accept(
        "alert '" + e.headline() + "' could not be delivered on channel " + channel.name() + " after "
            + config.attempts() + " attempt(s): " + error + " (recorded undelivered in mesh.alerts)");
    return new Delivery(e, channel.name(), to, UNDELIVERED, config.attempts(), error);
  }

  private void record(List<Delivery> deliveries) {
    Timestamp now = Timestamp.from(clock.instant());
    List<Row> rows = new ArrayList<>();
    for (Delivery d : deliveries) {
      Alert a = d.event().alert();
      rows.add(
          RowFactory.create(
              d.event().id(), a.key(), d.event().type().label(), a.kind(), a.severity(), a.product(), a.domain(),
              a.ownerTeam(), a.ownerContact(), a.logicalDate() == null ? null : Date.valueOf(a.logicalDate()),
              a.summary(), a.rule(), a.value(), a.threshold(), a.command(), a.tableVersion(), a.runId(), d.channel(),
              d.recipient(), d.state(), d.attempts(), d.error(), Timestamp.from(d.event().at()), now));
    }
    try {
      store.get().append(CatalogTable.ALERTS, rows);
    } catch (RuntimeException ex) {
      reporter.accept("could not record " + Plural.count(rows.size(), "alert row") + " in mesh.alerts: " + MeshErrors.rootMessage(ex));
    }
  }
}
