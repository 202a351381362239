package dev.mesh.core;

import dev.mesh.governance.OutputPorts;
import dev.mesh.governance.PiiKey;
import dev.mesh.render.Plural;
import dev.mesh.spark.ReaderRoutes;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogStore;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.errors.MeshErrors;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.runtime.FileLeases;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductDiff;
import dev.mesh.runtime.ProductLeases;
import dev.mesh.runtime.QualityEngines;
import dev.mesh.runtime.TransformAnalysis;
import dev.mesh.runtime.TransformTests;
import dev.mesh.source.SourceConnectors;
import dev.mesh.spark.CatalogServices;
import dev.mesh.spark.SparkSessions;
import dev.mesh.storage.TableStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The composition root: opens a mesh — configuration, Spark session, table stores, catalog, quality engine, sources
 * and lineage — in one place. The CLI, the job jars, the notebook kernel, the benchmarks and the tests all open the
 * mesh here; nothing below it looks up a global session or reads the environment.
 *
 * <p>The configuration is loaded when the mesh is opened (no Spark); Spark starts on the first call that needs it
 * ({@link #spark()}, {@link #context()}). A session handed in with {@link #on} is used as it is and left running on
 * {@link #close()}; one this mesh started is stopped.
 */
public final class Mesh implements AutoCloseable {
  private final MeshConfig config;
  private SparkSession spark;
  private boolean ownsSpark;
  private Clock clock = Clock.systemUTC();
  private Consumer<String> reporter = m -> System.err.println("mesh: " + m);
  private boolean lineageOn = true;
  private boolean alertsOn = true;
  private dev.mesh.alert.Alerting alerting;
  private MeshContext context;
  /** The metadata commands' reader while no context is open: made once (a command may ask several questions). */
  private CatalogReader reader;
  private LineageListener lineage;
  private ProductLeases leases;

  /** Said once per process: a warehouse that is not on a local disk has no product leases. */
  private static final java.util.concurrent.atomic.AtomicBoolean NO_LEASES_SAID = new java.util.concurrent.atomic.AtomicBoolean();

  private final Map<String, String> env;
  private String readerDomain;
  private boolean routed;
  private boolean analyst;

  private Mesh(MeshConfig config, Map<String, String> env) {
    this.config = config;
    this.env = Map.copyOf(env);
  }

  /** The environment variable naming the domain a session reads as ({@link #readingAs}). */
  public static final String READER_ENV = "MESH_DOMAIN";

  /** The mesh of this process: {@code mesh.home} (or the working directory), {@code MESH_*}, {@code -Dmesh.*}. */
  public static Mesh open() {
    return new Mesh(MeshConfigLoader.forProcess().load(), System.getenv());
  }

  /** The mesh declared under {@code home}, with these environment variables and {@code -Dmesh.*} overrides. */
  public static Mesh open(Path home, Map<String, String> env, Properties overrides) {
    return new Mesh(new MeshConfigLoader(home, env, overrides).load(), env);
  }

  /** A mesh over configuration already loaded. */
  public static Mesh of(MeshConfig config) {
    return new Mesh(config, System.getenv());
  }

  /** A mesh over configuration already loaded, with these environment variables (alert channels' secrets, ...). */
  public static Mesh of(MeshConfig config, Map<String, String> env) {
    return new Mesh(config, env);
  }

  /**
   * Makes this mesh's session an analyst's (as {@code mesh sql} and the notebook kernel open it): a product id resolves
   * to the table {@code domain} reads ({@link OutputPorts#readBy}) — its own domain's clear data, other domains' ports —
   * and tables it may not read are refused by name. {@code domain} null reads as {@code MESH_DOMAIN}, or, when that is
   * unset, as no domain: public ports only. A mesh not opened for an analyst (runs, the platform's own commands)
   * resolves names by where tables are.
   */
  public Mesh readingAs(String domain) {
    requireNotStarted();
    if (routed) {
      throw new IllegalStateException("Cannot change whom a mesh reads as once its Spark session is open");
    }
    String fromEnv = env.get(READER_ENV);
    this.readerDomain = domain != null ? domain : fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    this.analyst = true;
    return this;
  }

  private void checkReader() {
    if (readerDomain != null && config.all().stream().noneMatch(p -> p.id().domain().equals(readerDomain))) {
      throw new dev.mesh.errors.MeshException(
          dev.mesh.errors.ErrorKind.INVALID,
          "Unknown domain '" + readerDomain + "' to read as (--domain or " + READER_ENV + "): declared domains are "
              + config.all().stream().map(p -> p.id().domain()).distinct().sorted().toList());
    }
  }

  /** Runs on a session the caller owns (a test's, a notebook kernel's): used as it is, not stopped on close. */
  public Mesh on(SparkSession session) {
    requireNotStarted();
    this.spark = session;
    this.ownsSpark = false;
    return this;
  }

  /** The clock runs are timed and freshness is judged by (tests fix it). */
  public Mesh clock(Clock c) {
    requireNotStarted();
    this.clock = c;
    return this;
  }

  /** Where problems that never fail a run (lineage transport, compaction) are reported; stderr by default. */
  public Mesh reporting(Consumer<String> r) {
    requireNotStarted();
    this.reporter = r;
    return this;
  }

  /** Without the lineage listener (no mesh.lineage rows, no OpenLineage events): for tests of other stages. */
  public Mesh withoutLineage() {
    requireNotStarted();
    this.lineageOn = false;
    return this;
  }

  /** Without alerts (no mesh.alerts rows, nothing sent), whatever mesh.alerts.enabled says: for tests of other stages. */
  public Mesh withoutAlerts() {
    requireNotStarted();
    this.alertsOn = false;
    return this;
  }

  /**
   * The alerts of this mesh: routing, delivery and their record in {@code mesh.alerts}. The same instance the runs of
   * {@link #context()} raise alerts through, so one process never sends an open alert twice. Asked before the context,
   * it reads which alerts are open through {@link #catalogReader()} (no Spark session where that needs none) and opens
   * the context (Spark; the catalog tables created) only when it has an event to record.
   */
  public synchronized dev.mesh.alert.Alerting alerting() {
    if (alerting == null) {
      alerting = context != null ? newAlerting(context.catalog()) : newAlerting(catalogReader(), () -> context().catalog());
    }
    return alerting;
  }

  /**
   * {@code mesh monitor}'s checks over this mesh, alerting through {@link #alerting()} unless alerts are off. Starts
   * Spark only to read an input's newest value ({@code sla.input-freshness}) or to record an alert event.
   */
  public dev.mesh.alert.FreshnessMonitor monitor() {
    boolean alerts = alertsOn && config.platform().alerts().enabled();
    return new dev.mesh.alert.FreshnessMonitor(config, catalogReader(), clock, this::context, alerts ? alerting() : null);
  }

  private dev.mesh.alert.Alerting newAlerting(CatalogStore catalog) {
    return newAlerting(catalog.reader(), () -> catalog);
  }

  private dev.mesh.alert.Alerting newAlerting(CatalogReader reader, java.util.function.Supplier<CatalogStore> store) {
    java.util.Map<String, java.util.List<String>> tags = new java.util.HashMap<>();
    config.all().forEach(d -> tags.put(d.id().toString(), d.tags()));
    return new dev.mesh.alert.Alerting(reader, store, config.platform().alerts(), tags, env, clock, reporter);
  }

  /**
   * The leases runs hold on their products (another implementation than the default for a shared deployment). By
   * default, lock files under a warehouse on a local disk ({@link FileLeases}), none for any other warehouse.
   */
  public Mesh leases(ProductLeases l) {
    requireNotStarted();
    this.leases = l;
    return this;
  }

  public MeshConfig config() {
    return config;
  }

  /** The product graph of the declarations (no Spark). */
  public ProductGraph graph() {
    return ProductGraph.of(config.all());
  }

  /** The Spark session, started on first use; the catalog tables are neither created nor changed (read-only users). */
  public synchronized SparkSession spark() {
    if (spark == null) {
      ownsSpark = SparkSession.getDefaultSession().isEmpty();
      spark = SparkSessions.create(config.platform());
    }
    if (analyst && !routed) {
      checkReader();
      ReaderRoutes.of(config.all(), readerDomain).applyTo(spark);
      routed = true;
    }
    return spark;
  }

  /** Everything a run touches, wired once: stores, catalog (created if missing), quality engine, sources, lineage. */
  public synchronized MeshContext context() {
    if (context == null) {
      CatalogServices.check(config.platform());
      SparkSession session = spark();
      TableStores tables = new TableStores(session, config.platform());
      MeshContext ctx =
          new MeshContext(
              session,
              config,
              tables,
              new CatalogStore(session, tables.forFormat(config.platform().catalogTables())),
              QualityEngines.load(),
              SourceConnectors.load(config.platform()),
              clock,
              leases != null ? leases : defaultLeases(),
              PiiKey.resolver(env, config.platform().warehouse()),
              java.util.List.of());
      ctx.catalog().ensureCreated();
      if (lineageOn) {
        lineage = new LineageListener(ctx, LineageTransport.of(config.platform().lineage()), reporter);
        ctx = ctx.withListener(lineage);
      }
      if (alertsOn && config.platform().alerts().enabled()) {
        if (alerting == null) {
          alerting = newAlerting(ctx.catalog());
        }
        // Which alerts are open is read now, while the catalog answers, not at the first alert: that is often a run
        // failing because the store just went away, and a read through a REST catalog then waits minutes on the
        // server's retries (ObjectStoreTest's store-down run), where a write fails at once.
        alerting.openAlerts();
        TableStores stores = tables;
        ctx =
            ctx.withListener(
                new dev.mesh.alert.AlertListener(
                    alerting,
                    reporter,
                    d -> stores.forFormat(d.output().format()).currentVersion(OutputPorts.of(d).internal()).orElse(null)));
      }
      context = ctx;
    }
    return context;
  }

  private ProductLeases defaultLeases() {
    String warehouse = config.platform().warehouse();
    dev.mesh.config.LeaseConfig leases = config.platform().leases();
    switch (leases.type()) {
      case POSTGRES:
        return dev.mesh.runtime.PostgresLeases.of(leases, env);
      case NONE:
        return ProductLeases.NONE;
      case FILE:
      case AUTO:
      default:
        break;
    }
    return FileLeases.under(warehouse)
        .<ProductLeases>map(l -> l)
        .orElseGet(
            () -> {
              if (NO_LEASES_SAID.compareAndSet(false, true)) {
                reporter.accept(
                    "the warehouse " + warehouse + " is not on a local disk: runs take no product lease, so two runs of"
                        + " one product at once are kept apart only by the tables' commit conflicts (each write is tried"
                        + " up to " + dev.mesh.storage.CommitRetry.PRODUCTS.attempts() + " times). For drivers on several"
                        + " machines set mesh.storage.leases.type = postgres (README \"One run of a product at a time\").");
              }
              return ProductLeases.NONE;
            });
  }

  /**
   * The catalog tables for the metadata questions ({@code mesh status}, {@code catalog}, {@code lineage}, {@code
   * quality}): read without a Spark session where the catalog is local Delta tables (Delta Kernel) or Iceberg tables
   * of a hadoop, REST or JDBC catalog (Iceberg's core API), else with Spark (started when first asked). Creates
   * nothing.
   */
  public synchronized CatalogReader catalogReader() {
    if (context != null) {
      return context.catalog().reader();
    }
    if (reader == null) {
      if (config.platform().catalogTablesInService()) {
        // Before any client talks to it: one line naming the service that does not answer, not a minute of retries.
        CatalogServices.check(config.platform());
      }
      reader = CatalogReader.of(config.platform(), this::catalog);
    }
    return reader;
  }

  /** Plans SQL transforms against their inputs' columns with no data (starts Spark; reads and creates no table). */
  public TransformAnalysis transformAnalysis() {
    return new TransformAnalysis(spark(), config, SourceConnectors.load(config.platform()));
  }

  /** Runs transforms on their unit tests' rows alone (starts Spark; reads and creates no table). */
  public TransformTests transformTests() {
    return new TransformTests(spark(), config, SourceConnectors.load(config.platform()));
  }

  /** Computes products' candidates as runs would and compares them with what is published; writes nothing. */
  public ProductDiff productDiff() {
    return new ProductDiff(context());
  }

  /** Sets products back to an earlier run's rows ({@code mesh rollback}). */
  public dev.mesh.runtime.ProductRollback productRollback() {
    return new dev.mesh.runtime.ProductRollback(context());
  }

  /** Holds products and releases them ({@code mesh hold}, {@code mesh release}). */
  public dev.mesh.runtime.ProductHolds productHolds() {
    return new dev.mesh.runtime.ProductHolds(context());
  }

  /** The catalog tables for reading (starts Spark if needed; creates nothing): for read-only users. */
  public CatalogStore catalog() {
    if (context != null) {
      return context.catalog();
    }
    CatalogServices.check(config.platform());
    SparkSession session = spark();
    return new CatalogStore(session, new TableStores(session, config.platform()).forFormat(config.platform().catalogTables()));
  }

  @Override
  public synchronized void close() {
    if (lineage != null && !lineage.problems().isEmpty()) {
      reporter.accept(Plural.count(lineage.problems().size(), "lineage problem") + " (reported above); the runs themselves are not affected.");
    }
    if (lineage != null && lineage.runsSeen() > 0) {
      // Each run adds a file to each catalog table: keep them few so catalog queries stay fast.
      try {
        context.catalog().compact(CatalogStore.COMPACT_ABOVE_FILES);
      } catch (RuntimeException e) {
        reporter.accept("could not compact the catalog tables (" + MeshErrors.rootMessage(e) + "); run 'mesh catalog compact' later.");
      }
    }
    if (spark != null && ownsSpark) {
      spark.stop();
    }
  }

  private void requireNotStarted() {
    if (context != null) {
      throw new IllegalStateException("Cannot change a mesh whose context is already open");
    }
  }
}
