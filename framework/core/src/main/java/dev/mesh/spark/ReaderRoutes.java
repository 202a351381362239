package dev.mesh.spark;

import dev.mesh.governance.OutputPorts;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * What a session's queries read, by product id, for one reader (a domain, or none): each id the reader may read
 * routed to its table ({@link OutputPorts#readBy}), the others refused by name. Set on the session's conf, where
 * {@link MeshSessionCatalog} (instantiated by Spark) finds it.
 *
 * @param reader the reader's domain; null for a reader of no domain (public ports only)
 * @param routes product id → the table it is read from, for every product the reader may read
 * @param unreadable product id → its owning domain, for every declared product the reader may not read
 */
public record ReaderRoutes(String reader, Map<String, String> routes, Map<String, String> unreadable) {
  static final String READER = "spark.mesh.reader";
  static final String ROUTES = "spark.mesh.routes";
  static final String UNREADABLE = "spark.mesh.unreadable";

  public ReaderRoutes {
    routes = Map.copyOf(routes);
    unreadable = Map.copyOf(unreadable);
  }

  /** The routes of {@code reader} over these products. */
  public static ReaderRoutes of(Collection<ProductDescriptor> products, String reader) {
    Map<String, String> routes = new TreeMap<>();
    Map<String, String> unreadable = new TreeMap<>();
    for (ProductDescriptor p : products) {
      Optional<ProductId> table = OutputPorts.readBy(p, reader);
      if (table.isPresent()) {
        routes.put(p.id().toString(), table.get().toString());
      } else {
        unreadable.put(p.id().toString(), p.id().domain());
      }
    }
    return new ReaderRoutes(reader, routes, unreadable);
  }

  /** Puts the routes on the session's conf (its own SQL conf: sessions made from it start without them). */
  public void applyTo(SparkSession session) {
    session.conf().set(READER, reader == null ? "" : reader);
    session.conf().set(ROUTES, join(routes));
    session.conf().set(UNREADABLE, join(unreadable));
  }

  /** The routes on a session's conf; empty when none were set (a run's own session, a session mesh did not open). */
  static Optional<ReaderRoutes> from(SparkSession session) {
    if (!session.conf().contains(ROUTES)) {
      return Optional.empty();
    }
    String reader = session.conf().get(READER, "");
    return Optional.of(
        new ReaderRoutes(reader.isEmpty() ? null : reader, split(session.conf().get(ROUTES)), split(session.conf().get(UNREADABLE, ""))));
  }

  /**
   * The table {@code name} ({@code namespace.table}) reads as for this reader: its route when it is a product id,
   * itself when it is a table of no domain's restricted namespaces or one of the reader's tables. Throws
   * {@link SecurityException} naming the owner and the way to read it when the reader may not.
   */
  String resolve(String name) {
    String routed = routes.get(name);
    if (routed != null) {
      return routed;
    }
    String owner = unreadable.get(name);
    String namespace = name.substring(0, name.indexOf('.'));
    if (owner == null) {
      owner = OutputPorts.domainOfRestricted(namespace).orElse(null);
      if (owner == null || owner.equals(reader) || routes.containsValue(name)) {
        return name;
      }
    }
    throw new SecurityException(
        name + " is not readable " + (reader == null ? "without a domain" : "by domain " + reader) + ": it is "
            + owner + "'s" + (unreadable.containsKey(name) ? " (visibility)" : " own data") + ". Other domains and analysts read"
            + " products by id through their output ports (PII handled); to read as " + owner + ", pass --domain " + owner
            + " (MESH_DOMAIN=" + owner + "). On a shared deployment the catalog's grants decide: see mesh access plan.");
  }

  private static String join(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static Map<String, String> split(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String pair : s.split(",")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return m;
  }
}
