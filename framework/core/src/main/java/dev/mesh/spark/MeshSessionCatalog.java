package dev.mesh.spark;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import dev.mesh.storage.TableLayout;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The session catalog of mesh: Delta's catalog, plus names for every product and catalog table found in the
 * warehouse. {@code sales.orders} resolves to the Delta table at {@code <delta-root>/sales/orders}, or to the Iceberg
 * table {@code <iceberg catalog>.sales.orders}; so products are queryable by id from any new JVM, with no
 * metastore to install. Tables registered in a real metastore take precedence.
 *
 * <p>In a session mesh opened for a reader ({@link ReaderRoutes}: {@code mesh sql}, the notebook kernel), a product
 * id reads the table that reader may see — another domain's output port, its own domain's clear data — and the
 * restricted namespaces of other domains are refused by name.
 */
public class MeshSessionCatalog extends DeltaCatalog {
  /** Spark conf keys this catalog reads (set by {@link SparkSessions}). */
  public static final String DELTA_ROOT = "spark.mesh.delta-root";

  public static final String ICEBERG_CATALOG = "spark.mesh.iceberg-catalog";

  private String deltaRoot;
  private String icebergCatalog;

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    super.initialize(name, options);
  }

  private void settings() {
    if (deltaRoot == null) {
      // The session Delta's catalog was created in (Spark instantiates this plugin; nothing can be passed in).
      deltaRoot = spark().conf().get(DELTA_ROOT, "");
      icebergCatalog = spark().conf().get(ICEBERG_CATALOG, "");
    }
  }

  @Override
  public Table loadTable(Identifier ident) {
    ident = routed(ident);
    try {
      return super.loadTable(ident);
    } catch (Exception e) {
      // Scala declares no checked exceptions: the session catalog's NoSuchTableException arrives undeclared.
      if (!(e instanceof NoSuchTableException) && !isNoSuchNamespace(e) && !isNoSuchNamespace(e.getCause())) {
        throw sneaky(e);
      }
      Table found = loadFromWarehouse(ident);
      if (found != null) {
        return found;
      }
      throw sneaky(e instanceof NoSuchTableException ? e : new NoSuchTableException(ident));
    }
  }

  /**
   * The table an identifier reads for the session's reader ({@link ReaderRoutes}): a product id becomes its port, or
   * its clear table for its own domain; a table the reader may not read is refused with the way to read it.
   */
  private Identifier routed(Identifier ident) {
    if (ident.namespace().length != 1) {
      return ident;
    }
    // The session the query runs in (Delta's spark() is the session this catalog was created in, which may be another).
    java.util.Optional<ReaderRoutes> routes = ReaderRoutes.from(org.apache.spark.sql.SparkSession.active());
    if (routes.isEmpty()) {
      return ident;
    }
    String name = ident.namespace()[0] + "." + ident.name();
    String to = routes.get().resolve(name);
    if (to.equals(name)) {
      return ident;
    }
    int dot = to.indexOf('.');
    return Identifier.of(new String[] {to.substring(0, dot)}, to.substring(dot + 1));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  private static boolean isNoSuchNamespace(Throwable e) {
    return e instanceof NoSuchNamespaceException
        || (e != null && e.getClass().getSimpleName().contains("NoSuchDatabase"));
  }

  @Override
  public boolean namespaceExists(String[] namespace) {
    if (super.namespaceExists(namespace)) {
      return true;
    }
    settings();
    return namespace.length == 1 && !deltaRoot.isEmpty() && exists(new TableLayout(deltaRoot).namespaceLocation(namespace[0]));
  }

  private Table loadFromWarehouse(Identifier ident) {
    if (ident.namespace().length != 1) {
      return null;
    }
    settings();
    String ns = ident.namespace()[0];
    String table = ident.name();
    String location = new TableLayout(deltaRoot).location(ns, table);
    if (!deltaRoot.isEmpty() && exists(location + "/_delta_log")) {
      return super.loadTable(Identifier.of(new String[] {"delta"}, location));
    }
    if (!icebergCatalog.isEmpty()) {
      TableCatalog iceberg =
          (TableCatalog) spark().sessionState().catalogManager().catalog(icebergCatalog);
      Identifier id = Identifier.of(new String[] {ns}, table);
      if (iceberg.tableExists(id)) {
        try {
          Table t = iceberg.loadTable(id);
          // Iceberg's catalog caches the tables it loads, and a cached table in use keeps the snapshots it had when
          // loaded: a session that kept querying (a notebook) never saw another process's runs. Brought up to date in
          // place, one metadata read, keeping what the table object caches (its manifests); a new table object for
          // every query (cache-enabled = false) read them again each time: about 70 s more CPU for the test suite
          // (bench/README.md, the test suite's time, stop 52).
          if (t instanceof org.apache.iceberg.spark.source.SparkTable st) {
            st.table().refresh();
          }
          return t;
        } catch (Exception e) {
          throw sneaky(e);
        }
      }
    }
    return null;
  }

  private boolean exists(String location) {
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(spark().sessionState().newHadoopConf());
      return fs.exists(p);
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
