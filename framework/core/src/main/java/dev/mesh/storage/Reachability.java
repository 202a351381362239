package dev.mesh.storage;

import dev.mesh.errors.MeshErrors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** Whether a service takes a TCP connection: how mesh asks an object store or a metastore if it is there at all. */
public final class Reachability {
  /** How long a service may take to accept a connection. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Reachability() {}

  /** Why nothing takes a connection at {@code host:port} ({@code connection refused}, ...); empty if something does. */
  public static Optional<String> unreachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(MeshErrors.unreachable(e, TIMEOUT));
    }
  }
}
