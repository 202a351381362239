package dev.mesh.runtime;

import dev.mesh.config.LeaseConfig;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Product leases as PostgreSQL session-level advisory locks, for drivers on any number of machines (a warehouse on
 * object storage, where no lock file is seen by another machine and Delta's log on S3 takes one writer at a time).
 * A run holds one connection with {@code pg_try_advisory_lock(<key of the product>)} for as long as it runs: the lock,
 * not a row, is the lease, so it ends with the run whatever its outcome, and with the connection when the process
 * dies, even on {@code kill -9} (PostgreSQL drops a session's locks when its connection closes): no stale lease.
 * While held, a row of {@code mesh_leases.holders} names the holder, for the message of a run it refuses; a row still
 * there when the lock is free is a run whose process died holding it ({@link Lease#abandoned()}).
 *
 * <p>The password comes from the environment variable the configuration names, never from a file; messages name the
 * database URL and user, never the password.
 */
public final class PostgresLeases implements ProductLeases {
  private static final String SCHEMA_DDL =
      "CREATE SCHEMA IF NOT EXISTS mesh_leases;"
          + " CREATE TABLE IF NOT EXISTS mesh_leases.holders (product text PRIMARY KEY, holder text NOT NULL,"
          + " since timestamptz NOT NULL DEFAULT now())";

  private final String url;
  private final String user;
  private final String password;
  private final String passwordEnv;
  private volatile boolean schemaReady;

  PostgresLeases(String url, String user, String password, String passwordEnv) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.passwordEnv = passwordEnv;
  }

  /** The leases a configuration names, with the password from {@code env}. */
  public static PostgresLeases of(LeaseConfig config, Map<String, String> env) {
    return new PostgresLeases(config.url(), config.user(), env.get(config.passwordEnv()), config.passwordEnv());
  }

  /** Where the leases are, for messages: the URL and the user, never the password. */
  public String describe() {
    return url + (user.isEmpty() ? "" : " (user " + user + ")");
  }

  /** The advisory-lock key of a product: the first 8 bytes of SHA-256 over a prefix and its id. */
  static long key(ProductId product) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(("mesh-product-lease:" + product).getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (h[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Lease acquire(ProductId product, LeaseHolder holder) {
    Connection c = connect(product);
    try {
      ensureSchema(c);
      boolean locked;
      try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        s.setLong(1, key(product));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          locked = r.getBoolean(1);
        }
      }
      if (!locked) {
        Optional<LeaseHolder> other = holderOf(c, product);
        close(c);
        throw other.map(h -> h.refusal(product, where(product)))
            .orElseGet(() -> MeshErrors.runInProgress(product, "in another process, which has not named itself yet", where(product)));
      }
      // A released lease deletes its row: a row still there is a holder whose process died holding it.
      Optional<LeaseHolder> abandoned = holderOf(c, product).filter(h -> !h.aliveHere());
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO mesh_leases.holders (product, holder, since) VALUES (?, ?, now())"
                  + " ON CONFLICT (product) DO UPDATE SET holder = excluded.holder, since = excluded.since")) {
        s.setString(1, product.toString());
        s.setString(2, holder.format());
        s.executeUpdate();
      }
      return new Held(c, product, abandoned);
    } catch (SQLException e) {
      close(c);
      throw failed(product, e);
    }
  }

  private Connection connect(ProductId product) {
    if (password == null) {
      throw MeshErrors.leaseFailed(
          product, where(product), new IllegalStateException("the environment variable " + passwordEnv + " is not set"),
          "Set " + passwordEnv + " to the password of the lease database (bin/mesh stack env exports it for the local stack).");
    }
    Properties p = new Properties();
    if (!user.isEmpty()) {
      p.setProperty("user", user);
    }
    p.setProperty("password", password);
    p.setProperty("ApplicationName", "mesh product leases");
    p.setProperty("connectTimeout", "10");
    // A dead peer is found by TCP keepalive; the lock of a holder whose machine vanished goes with its connection.
    p.setProperty("tcpKeepAlive", "true");
    try {
      return DriverManager.getConnection(url, p);
    } catch (SQLException e) {
      throw failed(product, e);
    }
  }

  private void ensureSchema(Connection c) throws SQLException {
    if (schemaReady) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute(SCHEMA_DDL);
    } catch (SQLException e) {
      // Two first runs creating it at once: one wins, the other finds it.
      if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
    schemaReady = true;
  }

  private static Optional<LeaseHolder> holderOf(Connection c, ProductId product) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT holder FROM mesh_leases.holders WHERE product = ?")) {
      s.setString(1, product.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? LeaseHolder.parse(r.getString(1)) : Optional.empty();
      }
    }
  }

  private String where(ProductId product) {
    return "(PostgreSQL advisory lock of " + product + " in " + describe() + ")";
  }

  private MeshException failed(ProductId product, SQLException e) {
    return MeshErrors.leaseFailed(product, where(product), e, "Check that PostgreSQL at " + url + " answers and that the user may connect.");
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing drops the session's locks either way
    }
  }

  /** A lease held on one connection: closing the connection releases the lock whatever else fails. */
  private static final class Held implements Lease {
    private final Connection connection;
    private final ProductId product;
    private final Optional<LeaseHolder> abandoned;
    private boolean closed;

    Held(Connection connection, ProductId product, Optional<LeaseHolder> abandoned) {
      this.connection = connection;
      this.product = product;
      this.abandoned = abandoned;
    }

    @Override
    public Optional<LeaseHolder> abandoned() {
      return abandoned;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try (PreparedStatement s = connection.prepareStatement("DELETE FROM mesh_leases.holders WHERE product = ?")) {
        s.setString(1, product.toString());
        s.executeUpdate();
      } catch (SQLException e) {
        // The row only names a holder; the lock is what matters, and closing releases it.
      }
      // Unlocked before the connection closes: the server drops a closed session's locks only once its backend has
      // ended, after close() returns, so a run started right after this one could still find the lock taken.
      try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        s.setLong(1, key(product));
        s.executeQuery().close();
      } catch (SQLException e) {
        // Closing the connection releases it all the same, a moment later.
      } finally {
        PostgresLeases.close(connection);
      }
    }
  }
}
