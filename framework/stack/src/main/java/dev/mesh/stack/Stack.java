package dev.mesh.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The shared services of a mesh on one machine: PostgreSQL, the Iceberg REST catalog and the Hive metastore (both
 * keeping their state in PostgreSQL), each in its own process, started, inspected and stopped as one. Everything
 * lives under a state directory: {@code stack.properties} (ports, pids, password), {@code postgres/} (its data),
 * {@code warehouse/} (the tables) and {@code logs/<service>.log}. {@code bin/mesh stack} uses {@code <project>/stack};
 * tests use a temporary directory ({@code SharedStack}). Each service answers on 127.0.0.1 only, at a free port.
 *
 * <p>A stack {@linkplain #onStore() on its object store} runs a fourth service, S3Proxy (bucket {@code mesh}, its
 * files under {@code s3/}), and its warehouse is {@code s3a://mesh/warehouse}: the catalogs write there through s3a,
 * with keys generated for the stack. Whether a stack is on the store is decided when it is first started and kept.
 */
public final class Stack {
  public static final String POSTGRES = "postgres";
  public static final String ICEBERG_REST = RestCatalogServer.SERVICE;
  public static final String HIVE_METASTORE = HiveMetastore.SERVICE;
  public static final String S3PROXY = S3Store.SERVICE;

  private static final int REST_START_SECONDS = 120;
  private static final int METASTORE_START_SECONDS = 180;
  private static final int S3_START_SECONDS = 60;

  private final Path stateDir;
  private final boolean onStore;
  /** Chooses each service's port on {@link #up()}: {@link Ports#free}, but in tests that stage a port taken. */
  private final java.util.function.IntUnaryOperator ports;

  private Stack(Path stateDir, boolean onStore, java.util.function.IntUnaryOperator ports) {
    this.stateDir = stateDir.toAbsolutePath().normalize();
    this.onStore = onStore;
    this.ports = ports;
  }

  /** What this machine lacks to run a stack ({@code PostgreSQL is not installed: apt-get install postgresql}), if anything. */
  public static Optional<String> missingPrerequisite() {
    try {
      Postgres.findBinDir();
      return Optional.empty();
    } catch (StackException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The stack whose state is in {@code stateDir} (created on {@link #up()}). */
  public static Stack in(Path stateDir) {
    return new Stack(stateDir, false, Ports::free);
  }

  /** The same, choosing ports with {@code ports} (given the preferred one, 0 for any) instead of {@link Ports#free}. */
  static Stack in(Path stateDir, java.util.function.IntUnaryOperator ports) {
    return new Stack(stateDir, false, ports);
  }

  /**
   * This stack with its warehouse on its own object store: {@link #up()} also starts S3Proxy and the catalogs place
   * tables under {@code s3a://mesh/warehouse}. A stack first started on the store stays there ({@link #in} alone
   * finds it so), and one first started with a local warehouse is not moved.
   */
  public Stack onStore() {
    return new Stack(stateDir, true, ports);
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path warehouse() {
    return stateDir.resolve("warehouse");
  }

  /** The log file of a service ({@link #POSTGRES}, {@link #ICEBERG_REST}, {@link #HIVE_METASTORE}, {@link #S3PROXY}). */
  public Path log(String service) {
    return stateDir.resolve("logs").resolve(service + ".log");
  }

  /** The outcome of {@link #up()}: whether the stack was up already, and where its services answer. */
  public record Started(boolean alreadyUp, StackEndpoints endpoints) {}

  /** How many times {@link #up()} starts the services when one finds its port taken by another process. */
  static final int PORT_ATTEMPTS = 3;

  /** A service could not start because something else had bound its port (PostgreSQL's or a Java service's). */
  static final class PortTaken extends StackException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }

  /**
   * Starts every service and waits until each answers (PostgreSQL accepts connections, the REST catalog answers
   * {@code GET /v1/config} with 200, the metastore's port accepts). A stack already up is left as it is. When a
   * service cannot start, whatever was started is stopped again and a {@link StackException} names the service and
   * its log.
   */
  public Started up() {
    return locked(this::upLocked);
  }

  private Started upLocked() {
    Optional<StackState> previous = StackState.read(stateDir);
    if (previous.isPresent() && allRunning(previous.get())) {
      return new Started(true, endpoints(previous.get()));
    }
    previous.ifPresent(this::stopAll); // what is left of a stack half up (a service died, the machine restarted)
    if (onStore && previous.isPresent() && !previous.get().onStore()) {
      throw new StackException(
          "The stack in " + stateDir + " was first started with its warehouse on the local disk: its catalogs hold tables"
              + " there. Use another state directory for a stack on the object store, or delete " + stateDir + " to start afresh");
    }
    Postgres postgres = postgres();
    prepareDirectories();
    String password = previous.map(StackState::password).filter(p -> !p.isEmpty()).orElse(null);
    if (password == null) {
      if (postgres.initialized()) {
        throw new StackException(
            "PostgreSQL's data in " + postgres.dataDir() + " has no recorded password (" + StackState.FILE
                + " is gone): delete " + stateDir.resolve(POSTGRES) + " to start afresh");
      }
      password = newPassword(24);
    }
    // The ports of the previous start when they are free, so that a restarted stack keeps its URIs.
    StackState state =
        new StackState(
            previous.map(StackState::postgresPort).orElse(0), password,
            previous.map(StackState::restPort).orElse(0), 0,
            previous.map(StackState::metastorePort).orElse(0), 0, false,
            onStore || previous.map(StackState::onStore).orElse(false),
            previous.map(StackState::s3Port).orElse(0), 0,
            previous.map(StackState::s3AccessKey).filter(k -> !k.isEmpty()).orElseGet(Stack::newAccessKey),
            previous.map(StackState::s3SecretKey).filter(k -> !k.isEmpty()).orElseGet(() -> newPassword(40)))
            .withPortsChosenBy(ports);
    state.write(stateDir);
    Thread onInterrupt = new Thread(() -> stopAll(StackState.read(stateDir).orElseThrow()), "mesh-stack-abort");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          state = start(postgres, state);
          break;
        } catch (PortTaken taken) {
          // Another process bound the port between its choice and the service's start (a server binding that port;
          // Ports draws them outside the ephemeral range, so no connection can): every service again, on ports chosen now.
          stopAll(StackState.read(stateDir).orElse(state));
          if (attempt == PORT_ATTEMPTS) {
            throw taken;
          }
          state = StackState.read(stateDir).orElse(state).withPortsChosenBy(previousPort -> ports.applyAsInt(0));
          state.write(stateDir);
        }
      }
    } catch (RuntimeException e) {
      stopAll(StackState.read(stateDir).orElse(state));
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it stops what was started
      }
    }
    return new Started(false, endpoints(state));
  }

  private StackState start(Postgres postgres, StackState state) {
    if (!postgres.initialized()) {
      postgres.init(state.password());
    }
    postgres.start(state.postgresPort());
    await("PostgreSQL", POSTGRES, 0, postgres::ready, state.postgresPort(), 60);
    postgres.createDatabases(state.postgresPort());
    Map<String, String> hadoopSite = Map.of();
    Map<String, String> storeEnv = Map.of();
    if (state.onStore()) {
      // The catalogs write to the store from their first request: it answers before they start.
      long s3Pid =
          S3Store.start(
              state.s3Port(), state.s3AccessKey(), state.s3SecretKey(), stateDir.resolve("s3"), stateDir.resolve(S3PROXY),
              log(S3PROXY));
      state = state.withS3(state.s3Port(), s3Pid);
      state.write(stateDir);
      await("S3Proxy", S3PROXY, s3Pid, S3Store::ready, state.s3Port(), S3_START_SECONDS);
      hadoopSite = S3Store.s3aSettings(S3Store.endpoint(state.s3Port()));
      storeEnv = S3Store.credentialsEnv(state.s3AccessKey(), state.s3SecretKey());
    }
    String warehouse = endpoints(state).warehouseUri();
    // The two JVMs start side by side; each is waited for.
    long restPid =
        RestCatalogServer.start(
            state.restPort(), jdbcUrl(state, Postgres.ICEBERG_DATABASE), Postgres.USER, state.password(), warehouse,
            hadoopSite, storeEnv, stateDir.resolve(ICEBERG_REST), log(ICEBERG_REST));
    state = state.withRest(state.restPort(), restPid);
    state.write(stateDir);
    long metastorePid =
        HiveMetastore.start(
            state.metastorePort(), jdbcUrl(state, Postgres.METASTORE_DATABASE), Postgres.USER, state.password(),
            warehouse, hadoopSite, storeEnv, stateDir.resolve(HIVE_METASTORE), log(HIVE_METASTORE));
    state = state.withMetastore(state.metastorePort(), metastorePid);
    state.write(stateDir);
    await("the Iceberg REST catalog server", ICEBERG_REST, restPid,
        RestCatalogServer::ready, state.restPort(), REST_START_SECONDS);
    await("the Hive metastore", HIVE_METASTORE, metastorePid,
        HiveMetastore::ready, state.metastorePort(), METASTORE_START_SECONDS);
    postgres.uniqueMetastoreDatabaseNames(state.postgresPort());
    state = state.withUp(true);
    state.write(stateDir);
    return state;
  }

  /**
   * Stops every service (the Java services, then PostgreSQL); their data stays for the next {@link #up()}. Returns
   * false when nothing was running.
   */
  public boolean down() {
    return locked(
        () -> {
          Optional<StackState> state = StackState.read(stateDir);
          if (state.isEmpty()) {
            return false;
          }
          boolean stopped = stopAll(state.get());
          state.get().withUp(false).write(stateDir);
          return stopped;
        });
  }

  /** Whether every service runs. */
  public boolean isUp() {
    return StackState.read(stateDir).map(this::allRunning).orElse(false);
  }

  /** Where the services answer; a {@link StackException} when the stack is not up. */
  public StackEndpoints endpoints() {
    StackState state = StackState.read(stateDir).filter(this::allRunning).orElseThrow(this::notUp);
    return endpoints(state);
  }

  /** Each service: running or not, endpoint, pid, log. */
  public List<ServiceStatus> status() {
    Optional<StackState> state = StackState.read(stateDir);
    List<ServiceStatus> services = new ArrayList<>();
    long pgPid = state.isPresent() && Files.isDirectory(stateDir.resolve(POSTGRES)) ? postgresPid() : 0;
    services.add(
        new ServiceStatus(POSTGRES, pgPid > 0,
            state.map(s -> "postgresql://127.0.0.1:" + s.postgresPort()).orElse(""), pgPid, log(POSTGRES)));
    long restPid = state.map(StackState::restPid).filter(p -> Daemons.alive(p, ICEBERG_REST)).orElse(0L);
    services.add(
        new ServiceStatus(ICEBERG_REST, restPid > 0, state.map(s -> RestCatalogServer.uri(s.restPort())).orElse(""),
            restPid, log(ICEBERG_REST)));
    long hmsPid = state.map(StackState::metastorePid).filter(p -> Daemons.alive(p, HIVE_METASTORE)).orElse(0L);
    services.add(
        new ServiceStatus(HIVE_METASTORE, hmsPid > 0, state.map(s -> HiveMetastore.uri(s.metastorePort())).orElse(""),
            hmsPid, log(HIVE_METASTORE)));
    if (state.map(StackState::onStore).orElse(false)) {
      long s3Pid = state.map(StackState::s3Pid).filter(p -> Daemons.alive(p, S3PROXY)).orElse(0L);
      services.add(
          new ServiceStatus(S3PROXY, s3Pid > 0,
              state.map(s -> S3Store.endpoint(s.s3Port()) + " (bucket " + S3Store.BUCKET + ")").orElse(""), s3Pid, log(S3PROXY)));
    }
    return services;
  }

  StackException notUp() {
    return new StackException("The stack in " + stateDir + " is not up: run 'bin/mesh stack up'");
  }

  private long postgresPid() {
    try {
      return postgres().pid();
    } catch (StackException notInstalled) {
      return 0;
    }
  }

  private boolean allRunning(StackState s) {
    return s.up()
        && Daemons.alive(s.restPid(), ICEBERG_REST)
        && Daemons.alive(s.metastorePid(), HIVE_METASTORE)
        && (!s.onStore() || Daemons.alive(s.s3Pid(), S3PROXY))
        && postgresPid() > 0;
  }

  /** Stops whatever of this state runs; true if anything did. */
  private boolean stopAll(StackState s) {
    boolean any = Daemons.stop(s.metastorePid(), HIVE_METASTORE, 15);
    any |= Daemons.stop(s.restPid(), ICEBERG_REST, 15);
    any |= Daemons.stop(s.s3Pid(), S3PROXY, 15);
    if (Files.isDirectory(stateDir.resolve(POSTGRES).resolve("data"))) {
      try {
        any |= postgres().stop();
      } catch (StackException notInstalled) {
        if (!notInstalled.getMessage().equals(Postgres.INSTALL_HINT)) {
          throw notInstalled;
        }
      }
    }
    return any;
  }

  private void await(String what, String service, long pid, IntPredicate ready, int port, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!ready.test(port)) {
      if (pid > 0 && !Daemons.starting(pid)) {
        String why = ServiceLogs.cause(log(service));
        String message = "Cannot start " + what + ": its process ended while starting" + (why.isEmpty() ? "" : " (" + why + ")")
            + "; see " + log(service);
        throw ServiceLogs.portTaken(why) ? new PortTaken(message) : new StackException(message);
      }
      if (System.nanoTime() > deadline) {
        throw new StackException(
            "Cannot start " + what + ": it did not answer on port " + port + " within " + seconds + " s; see " + log(service));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("Interrupted while waiting for " + what);
      }
    }
  }

  private StackEndpoints endpoints(StackState s) {
    return new StackEndpoints(
        RestCatalogServer.uri(s.restPort()), HiveMetastore.uri(s.metastorePort()),
        jdbcUrl(s, Postgres.METASTORE_DATABASE), Postgres.USER, s.password(), jdbcUrl(s, Postgres.ICEBERG_DATABASE),
        warehouse(),
        s.onStore() ? new S3Endpoint(S3Store.endpoint(s.s3Port()), S3Store.BUCKET, s.s3AccessKey(), s.s3SecretKey()) : null);
  }

  private static String jdbcUrl(StackState s, String database) {
    return "jdbc:postgresql://127.0.0.1:" + s.postgresPort() + "/" + database;
  }

  private Postgres postgres() {
    return new Postgres(stateDir.resolve(POSTGRES), log(POSTGRES));
  }

  private void prepareDirectories() {
    try {
      Files.createDirectories(stateDir.resolve("logs"));
      Files.createDirectories(warehouse());
      if (Postgres.runsAsRoot()) {
        // PostgreSQL runs as the user postgres, who must reach <state>/postgres.
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(stateDir);
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        perms.add(PosixFilePermission.GROUP_EXECUTE);
        Files.setPosixFilePermissions(stateDir, perms);
      }
    } catch (IOException e) {
      throw new StackException("Cannot create the stack's directories in " + stateDir + ": " + e.getMessage(), e);
    }
  }

  /** Held by up and down: two of them at once (two terminals, a test and the CLI) wait for each other. */
  private record StateLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  private <T> T locked(java.util.function.Supplier<T> body) {
    StateLock lock;
    try {
      lock = lock();
    } catch (IOException e) {
      throw new StackException("Cannot lock the stack's state in " + stateDir + ": " + e.getMessage(), e);
    }
    try {
      return body.get();
    } finally {
      try {
        lock.close();
      } catch (IOException e) {
        // released with the channel anyway
      }
    }
  }

  private StateLock lock() throws IOException {
    Files.createDirectories(stateDir);
    FileChannel channel =
        FileChannel.open(stateDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return new StateLock(channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String newPassword(int length) {
    return random("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", length);
  }

  /** An access key id in AWS's shape (20 upper-case letters and digits), with a prefix that says whose it is. */
  private static String newAccessKey() {
    return "MESH" + random("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
  }

  private static String random(String chars, int length) {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(random.nextInt(chars.length())));
    }
    return b.toString();
  }
}
