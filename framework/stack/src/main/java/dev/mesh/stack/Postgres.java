package dev.mesh.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server from the machine's own binaries (Debian's {@code postgresql} package), its data directory and
 * unix socket under {@code <dir>}, listening on 127.0.0.1 only. PostgreSQL refuses to run as root: when this JVM
 * runs as root, its tools run as the {@code postgres} user (created by the package), which owns {@code <dir>}.
 */
final class Postgres {
  static final String USER = "mesh";
  static final String ICEBERG_DATABASE = "iceberg_catalog";
  static final String METASTORE_DATABASE = "metastore";
  static final String INSTALL_HINT = "PostgreSQL is not installed: apt-get install postgresql";
  private static final String OS_USER = "postgres";

  private final Path bin;
  private final Path dir;
  private final Path log;

  Postgres(Path dir, Path log) {
    this.bin = findBinDir();
    this.dir = dir;
    this.log = log;
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb, else the directory of initdb on the PATH. */
  static Path findBinDir() {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparingInt(Postgres::majorVersion));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb")) && Files.isExecutable(Path.of(p, "pg_ctl"))) {
        return Path.of(p);
      }
    }
    throw new StackException(INSTALL_HINT);
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  private Path socketDir() {
    return dir.resolve("socket");
  }

  boolean initialized() {
    return Files.isRegularFile(dataDir().resolve("PG_VERSION"));
  }

  /** Creates the cluster, its superuser {@code mesh} with this password (scram over TCP; trust on the socket). */
  void init(String password) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(socketDir());
      ownByPostgres(dir);
      ownByPostgres(socketDir());
      ownByPostgres(log);
      checkReachable();
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
      ownByPostgres(pwfile);
      try {
        Exec.Result r =
            tool("initdb", "-D", dataDir().toString(), "-U", USER, "--pwfile=" + pwfile, "-A", "scram-sha-256",
                "--auth-local=trust", "-E", "UTF8", "--no-instructions");
        if (!r.ok()) {
          throw new StackException("Cannot initialize PostgreSQL in " + dataDir() + ": " + lastLine(r.output()));
        }
      } finally {
        Files.deleteIfExists(pwfile);
      }
    } catch (IOException e) {
      throw new StackException("Cannot prepare PostgreSQL's directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts the server on 127.0.0.1:{@code port} and waits until it accepts connections. A {@link Stack.PortTaken}
   * when another process has bound the port (the server's log, to which every start appends, says so).
   */
  void start(int port) {
    long logged = ServiceLogs.length(log);
    Exec.Result r =
        tool("pg_ctl", "-D", dataDir().toString(), "-l", log.toString(), "-w", "-t", "60", "-o",
            "-p " + port + " -k " + socketDir() + " -h 127.0.0.1", "start");
    if (!r.ok()) {
      String taken = ServiceLogs.portTakenSince(log, logged);
      if (!taken.isEmpty()) {
        throw new Stack.PortTaken("Cannot start PostgreSQL on port " + port + " (" + taken + "); see " + log);
      }
      // pg_ctl's own last line is "Examine the log output.": the server's last word is the reason.
      String said = ServiceLogs.lastLineSince(log, logged);
      throw new StackException("Cannot start PostgreSQL: " + (said.isEmpty() ? lastLine(r.output()) : said) + "; see " + log);
    }
  }

  /** Creates the stack's databases that do not exist yet. */
  void createDatabases(int port) {
    for (String db : List.of(ICEBERG_DATABASE, METASTORE_DATABASE)) {
      Exec.Result exists = psql(port, "select 1 from pg_database where datname = '" + db + "'");
      if (!exists.ok()) {
        throw new StackException("Cannot query PostgreSQL: " + lastLine(exists.output()) + "; see " + log);
      }
      if (!exists.output().contains("1")) {
        Exec.Result r = tool("createdb", "-h", socketDir().toString(), "-p", String.valueOf(port), "-U", USER, db);
        if (!r.ok()) {
          throw new StackException("Cannot create the PostgreSQL database " + db + ": " + lastLine(r.output()));
        }
      }
    }
  }

  boolean ready(int port) {
    return tool("pg_isready", "-h", "127.0.0.1", "-p", String.valueOf(port), "-q").ok();
  }

  boolean running() {
    return initialized() && tool("pg_ctl", "-D", dataDir().toString(), "status").ok();
  }

  /** The postmaster's pid, 0 when it does not run. */
  long pid() {
    try {
      Path pidFile = dataDir().resolve("postmaster.pid");
      return Files.isRegularFile(pidFile) && running() ? Long.parseLong(Files.readAllLines(pidFile).get(0).strip()) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Stops the server (fast shutdown: open sessions are ended); true if it was running. */
  boolean stop() {
    long pid = pid();
    if (pid == 0) {
      return false;
    }
    Exec.Result r = tool("pg_ctl", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60", "stop");
    if (!r.ok()) {
      throw new StackException("Cannot stop PostgreSQL: " + lastLine(r.output()) + "; see " + log);
    }
    // pg_ctl returns once the pid file is gone, a moment before the postmaster itself.
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return true;
  }

  /**
   * One name, one database in the metastore: a unique index on {@code DBS.NAME}, which Hive's schema scripts create and
   * DataNucleus's table-only schema creation (see {@link HiveMetastore}) does not. Without it, two drivers creating the
   * same database at once each insert a row, and every later lookup of that database fails ("more than one
   * instance"). Run once the metastore has created its tables (it creates {@code default} as it starts).
   */
  void uniqueMetastoreDatabaseNames(int port) {
    String sql = "CREATE UNIQUE INDEX IF NOT EXISTS mesh_unique_database_name ON \"DBS\" (\"NAME\")";
    Exec.Result r = null;
    for (int attempt = 1; attempt <= 20; attempt++) {
      r = tool("psql", "-h", socketDir().toString(), "-p", String.valueOf(port), "-U", USER, "-d", METASTORE_DATABASE, "-tAc", sql);
      if (r.ok()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new StackException("Cannot make the Hive metastore's database names unique: " + lastLine(r.output()) + "; see " + log);
  }

  private Exec.Result psql(int port, String sql) {
    return tool("psql", "-h", socketDir().toString(), "-p", String.valueOf(port), "-U", USER, "-d", "postgres", "-tAc", sql);
  }

  private Exec.Result tool(String name, String... args) {
    List<String> cmd = new ArrayList<>();
    if (runsAsRoot()) {
      cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    cmd.add(bin.resolve(name).toString());
    cmd.addAll(List.of(args));
    // A working directory the postgres user can read.
    return Exec.run(cmd, Path.of("/"), 120);
  }

  private void checkReachable() {
    if (runsAsRoot()) {
      Exec.Result r = Exec.run(List.of("runuser", "-u", OS_USER, "--", "test", "-w", dir.toString()), Path.of("/"), 30);
      if (!r.ok()) {
        throw new StackException(
            "PostgreSQL runs as the user " + OS_USER + " (it refuses root), who cannot write to " + dir
                + ": a parent directory is closed to other users. Run 'chmod o+x' on it, or choose another state"
                + " directory");
      }
    }
  }

  private void ownByPostgres(Path path) throws IOException {
    if (runsAsRoot()) {
      if (!Files.exists(path)) {
        Files.createFile(path);
      }
      UserPrincipal postgres;
      try {
        postgres = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
      } catch (IOException e) {
        throw new StackException(
            "PostgreSQL refuses to run as root and there is no user " + OS_USER + " to run it as: apt-get install postgresql");
      }
      Files.setOwner(path, postgres);
    }
  }

  static boolean runsAsRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no output)" : lines[lines.length - 1].strip();
  }
}
