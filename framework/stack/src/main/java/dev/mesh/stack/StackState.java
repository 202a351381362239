package dev.mesh.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * What a started stack is, kept in {@code <state>/stack.properties} (owner-only: it holds the database password and
 * the object store's keys) so that {@code status}, {@code env} and {@code down} work from another process. The ports
 * stay after {@code down}: a stack started again takes the same ones when they are free, so its URIs do not change.
 * {@code onStore}: the warehouse is on the stack's object store (S3Proxy, a fourth service), decided when the stack is
 * first started and kept.
 */
record StackState(
    int postgresPort, String password, int restPort, long restPid, int metastorePort, long metastorePid, boolean up,
    boolean onStore, int s3Port, long s3Pid, String s3AccessKey, String s3SecretKey) {
  static final String FILE = "stack.properties";

  static Optional<StackState> read(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(
          new StackState(
              Integer.parseInt(p.getProperty("postgres.port", "0")), p.getProperty("postgres.password", ""),
              Integer.parseInt(p.getProperty("rest.port", "0")), Long.parseLong(p.getProperty("rest.pid", "0")),
              Integer.parseInt(p.getProperty("metastore.port", "0")), Long.parseLong(p.getProperty("metastore.pid", "0")),
              Boolean.parseBoolean(p.getProperty("up", "false")),
              Boolean.parseBoolean(p.getProperty("store", "false")), Integer.parseInt(p.getProperty("s3.port", "0")),
              Long.parseLong(p.getProperty("s3.pid", "0")), p.getProperty("s3.access-key", ""),
              p.getProperty("s3.secret-key", "")));
    } catch (IOException | NumberFormatException e) {
      throw new StackException("Cannot read the stack's state " + file + ": " + e.getMessage() + "; delete it if no service runs");
    }
  }

  void write(Path stateDir) {
    Properties p = new Properties();
    p.setProperty("postgres.port", String.valueOf(postgresPort));
    p.setProperty("postgres.password", password);
    p.setProperty("rest.port", String.valueOf(restPort));
    p.setProperty("rest.pid", String.valueOf(restPid));
    p.setProperty("metastore.port", String.valueOf(metastorePort));
    p.setProperty("metastore.pid", String.valueOf(metastorePid));
    p.setProperty("up", String.valueOf(up));
    p.setProperty("store", String.valueOf(onStore));
    p.setProperty("s3.port", String.valueOf(s3Port));
    p.setProperty("s3.pid", String.valueOf(s3Pid));
    p.setProperty("s3.access-key", s3AccessKey);
    p.setProperty("s3.secret-key", s3SecretKey);
    Path file = stateDir.resolve(FILE);
    Path tmp = stateDir.resolve(FILE + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "mesh stack (bin/mesh stack status|env|down read it)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StackException("Cannot write the stack's state " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * This state with every service's port chosen by {@code choose} (given the port this state has for it, 0 for none;
   * PostgreSQL's first, then the REST catalog's, the metastore's and the store's) and no service's process.
   */
  StackState withPortsChosenBy(java.util.function.IntUnaryOperator choose) {
    int postgres = choose.applyAsInt(postgresPort);
    int rest = choose.applyAsInt(restPort);
    int metastore = choose.applyAsInt(metastorePort);
    int s3 = choose.applyAsInt(s3Port);
    return new StackState(postgres, password, rest, 0, metastore, 0, up, onStore, s3, 0, s3AccessKey, s3SecretKey);
  }

  StackState withRest(int port, long pid) {
    return new StackState(postgresPort, password, port, pid, metastorePort, metastorePid, up, onStore, s3Port, s3Pid, s3AccessKey, s3SecretKey);
  }

  StackState withMetastore(int port, long pid) {
    return new StackState(postgresPort, password, restPort, restPid, port, pid, up, onStore, s3Port, s3Pid, s3AccessKey, s3SecretKey);
  }

  StackState withS3(int port, long pid) {
    return new StackState(postgresPort, password, restPort, restPid, metastorePort, metastorePid, up, onStore, port, pid, s3AccessKey, s3SecretKey);
  }

  StackState withUp(boolean isUp) {
    return new StackState(postgresPort, password, restPort, restPid, metastorePort, metastorePid, isUp, onStore, s3Port, s3Pid, s3AccessKey, s3SecretKey);
  }

  /** Never the secrets: a state printed in a message or a log shows where things run, not how to get in. */
  @Override
  public String toString() {
    return "StackState[postgres=" + postgresPort + ", rest=" + restPort + "/" + restPid + ", metastore=" + metastorePort + "/"
        + metastorePid + ", s3=" + s3Port + "/" + s3Pid + ", onStore=" + onStore + ", up=" + up + "]";
  }
}
