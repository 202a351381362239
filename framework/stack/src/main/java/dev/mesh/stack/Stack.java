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
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The shared services of a mesh on one machine: PostgreSQL, the Iceberg REST catalog and the Hive metastore (both
 * keeping their state in PostgreSQL), each in its own process, started, inspected and stopped as one. Everything
 * lives under a state directory: {@code stack.properties} (ports, pids, password), {@code postgres/} (its data),
 * {@code warehouse/} (the tables) and {@code logs/<service>.log}. {@code bin/mesh stack} uses {@code <project>/stack};
 * tests use a temporary directory ({@code SharedStack}). Each service answers on 127.0.0.1 only, at a free port.
 */
public final class Stack {
  public static final String POSTGRES = "postgres";
  public static final String ICEBERG_REST = RestCatalogServer.SERVICE;
  public static final String HIVE_METASTORE = HiveMetastore.SERVICE;

  private static final int REST_START_SECONDS = 120;
  private static final int METASTORE_START_SECONDS = 180;

  private final Path stateDir;

  private Stack(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath().normalize();
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
    return new Stack(stateDir);
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path warehouse() {
    return stateDir.resolve("warehouse");
  }

  /** The log file of a service ({@link #POSTGRES}, {@link #ICEBERG_REST}, {@link #HIVE_METASTORE}). */
  public Path log(String service) {
    return stateDir.resolve("logs").resolve(service + ".log");
  }

  /** The outcome of {@link #up()}: whether the stack was up already, and where its services answer. */
  public record Started(boolean alreadyUp, StackEndpoints endpoints) {}

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
    Postgres postgres = postgres();
    prepareDirectories();
    String password = previous.map(StackState::password).filter(p -> !p.isEmpty()).orElse(null);
    if (password == null) {
      if (postgres.initialized()) {
        throw new StackException(
            "PostgreSQL's data in " + postgres.dataDir() + " has no recorded password (" + StackState.FILE
                + " is gone): delete " + stateDir.resolve(POSTGRES) + " to start afresh");
      }
      password = newPassword();
    }
    StackState state =
        new StackState(
            Ports.free(previous.map(StackState::postgresPort).orElse(0)), password,
            Ports.free(previous.map(StackState::restPort).orElse(0)), 0,
            Ports.free(previous.map(StackState::metastorePort).orElse(0)), 0, false);
    state.write(stateDir);
    Thread onInterrupt = new Thread(() -> stopAll(StackState.read(stateDir).orElseThrow()), "mesh-stack-abort");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      state = start(postgres, state);
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
    // The two JVMs start side by side; each is waited for.
    long restPid =
        RestCatalogServer.start(
            state.restPort(), jdbcUrl(state, Postgres.ICEBERG_DATABASE), Postgres.USER, state.password(), warehouse(),
            stateDir, log(ICEBERG_REST));
    state = state.withRest(state.restPort(), restPid);
    state.write(stateDir);
    long metastorePid =
        HiveMetastore.start(
            state.metastorePort(), jdbcUrl(state, Postgres.METASTORE_DATABASE), Postgres.USER, state.password(),
            warehouse(), stateDir.resolve(HIVE_METASTORE), log(HIVE_METASTORE));
    state = state.withMetastore(state.metastorePort(), metastorePid);
    state.write(stateDir);
    await("the Iceberg REST catalog server", ICEBERG_REST, restPid,
        RestCatalogServer::ready, state.restPort(), REST_START_SECONDS);
    await("the Hive metastore", HIVE_METASTORE, metastorePid,
        HiveMetastore::ready, state.metastorePort(), METASTORE_START_SECONDS);
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
        && postgresPid() > 0;
  }

  /** Stops whatever of this state runs; true if anything did. */
  private boolean stopAll(StackState s) {
    boolean any = Daemons.stop(s.metastorePid(), HIVE_METASTORE, 15);
    any |= Daemons.stop(s.restPid(), ICEBERG_REST, 15);
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
      if (pid > 0 && !Daemons.alive(pid, service)) {
        throw new StackException("Cannot start " + what + ": its process ended while starting; see " + log(service));
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
        warehouse());
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

  private static String newPassword() {
    String chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      b.append(chars.charAt(random.nextInt(chars.length())));
    }
    return b.toString();
  }
}
