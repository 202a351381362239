package dev.mesh.governance;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The storage and catalog permissions that make {@link OutputPorts} hold for any engine: who may read and write each
 * namespace and table, and the storage prefix behind it. Deterministic (same declarations, same plan, same order), so
 * a platform team can feed it to its IAM policies, Ranger or Polaris grants and diff it in review.
 *
 * <p>Principals are domain names (each domain's runs and people act as it), {@code *} (every reader) and
 * {@code platform} (mesh itself, which writes the catalog tables).
 */
public final class AccessPlan {
  /** The principal mesh's own recording runs as. */
  public static final String PLATFORM = "platform";

  /** Every reader, including analysts of no domain. */
  public static final String EVERYONE = "*";

  private AccessPlan() {}

  /**
   * One grant.
   *
   * @param scope {@code namespace} or {@code table}
   * @param name the namespace, or {@code namespace.table}
   * @param deltaPrefix the folder of its Delta tables (a bucket prefix on object storage); null for an Iceberg table
   * @param icebergName its name in the Iceberg catalog (a catalog grant); null for a Delta table
   * @param why what the grant is for, in words
   */
  public record Grant(
      String principal, String privileges, String scope, String name, String deltaPrefix, String icebergName, String why) {}

  /**
   * The grants of a mesh of these products.
   *
   * @param deltaRoot where Delta tables live ({@code <deltaRoot>/<namespace>/<table>})
   * @param icebergCatalog the Iceberg catalog's name in Spark, e.g. {@code iceberg}
   */
  public static List<Grant> of(Collection<ProductDescriptor> products, String deltaRoot, String icebergCatalog) {
    List<Grant> grants = new ArrayList<>();
    TreeSet<String> domains = new TreeSet<>();
    products.forEach(p -> domains.add(p.id().domain()));
    for (String d : domains) {
      String shared = OutputPorts.sharedNamespace(d);
      String internal = OutputPorts.internalNamespace(d);
      grants.add(new Grant(EVERYONE, "read", "namespace", d, deltaRoot + "/" + d + "/", icebergCatalog + "." + d, "public output ports of " + d + " (PII handled)"));
      grants.add(new Grant(d, "read,write", "namespace", d, deltaRoot + "/" + d + "/", icebergCatalog + "." + d, d + " publishes its public ports"));
      grants.add(new Grant(d, "read,write", "namespace", shared, deltaRoot + "/" + shared + "/", icebergCatalog + "." + shared, d + " publishes the ports it shares with named consumers"));
      grants.add(new Grant(d, "read,write", "namespace", internal, deltaRoot + "/" + internal + "/", icebergCatalog + "." + internal, d + "'s own data in clear, and its quarantined rows"));
    }
    List<ProductDescriptor> sorted = products.stream().sorted(Comparator.comparing(p -> p.id().toString())).toList();
    for (ProductDescriptor p : sorted) {
      OutputPorts.Tables t = OutputPorts.of(p);
      if (p.access().visibility() == Visibility.INTERNAL) {
        ProductId port = t.port().orElseThrow();
        for (String consumer : new TreeSet<>(p.access().consumers())) {
          grants.add(new Grant(consumer, "read", "table", port.toString(), deltaPrefix(p, port, deltaRoot), icebergName(p, port, icebergCatalog),
              "consumer of " + p.id() + " (internal)"));
        }
      }
      Optional<ProductId> clear = t.separate() || p.access().visibility() == Visibility.PRIVATE ? Optional.of(t.internal()) : Optional.empty();
      for (String reader : new TreeSet<>(p.access().piiClearAccess())) {
        if (clear.isPresent() && !reader.equals(p.id().domain()) && p.access().allows(p.id().domain(), reader)) {
          grants.add(new Grant(reader, "read", "table", clear.get().toString(), deltaPrefix(p, clear.get(), deltaRoot), icebergName(p, clear.get(), icebergCatalog),
              "pii-clear-access to " + p.id()));
        }
      }
    }
    grants.add(new Grant(PLATFORM, "read,write", "namespace", "mesh", deltaRoot + "/" + "mesh" + "/", icebergCatalog + "." + "mesh", "the catalog tables mesh records runs in"));
    grants.add(new Grant(EVERYONE, "read", "namespace", "mesh", deltaRoot + "/" + "mesh" + "/", icebergCatalog + "." + "mesh", "runs, quality, lineage and products: what anyone may look up"));
    return List.copyOf(grants);
  }

  private static String deltaPrefix(ProductDescriptor p, ProductId table, String deltaRoot) {
    return p.output().format() == TableFormat.DELTA ? deltaRoot + "/" + table.domain() + "/" + table.name() + "/" : null;
  }

  private static String icebergName(ProductDescriptor p, ProductId table, String icebergCatalog) {
    return p.output().format() == TableFormat.ICEBERG ? icebergCatalog + "." + table : null;
  }
}
