package dev.mesh.storage;

import dev.mesh.config.PlatformConfig;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Hive metastore a Delta store registers its tables in, asked whether it takes a connection before each
 * registration: Spark's Hive client retries a metastore that is down for about 7 s per run and then reports a Thrift
 * exception without the metastore's address; this says it at once, naming it. A metastore named only in a {@code
 * hive-site.xml} is not known here and not asked.
 *
 * @param uris the {@code thrift://host:port} URIs of {@code hive.metastore.uris}, in order
 */
public record MetastoreEndpoints(List<String> uris) {
  /** The platform's metastore URIs ({@link PlatformConfig#metastoreUris}). */
  public static MetastoreEndpoints of(PlatformConfig platform) {
    return new MetastoreEndpoints(platform.metastoreUris());
  }

  /**
   * Returns when one of the metastores takes a connection, or when none is known.
   *
   * @throws UncheckedIOException when none does: {@code the Hive metastore at thrift://127.0.0.1:9083 does not answer:
   *     connection refused}, its cause the failed connection
   */
  public void check() {
    List<String> failures = new ArrayList<>();
    for (String uri : uris) {
      Optional<String> why = unreachable(uri);
      if (why.isEmpty()) {
        return;
      }
      failures.add(uri + " does not answer: " + why.get());
    }
    if (!failures.isEmpty()) {
      String why = failures.get(failures.size() - 1);
      throw new UncheckedIOException(
          "the Hive metastore at " + String.join("; at ", failures), new ConnectException(why.substring(why.lastIndexOf(": ") + 2)));
    }
  }

  private static Optional<String> unreachable(String uri) {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not ours to judge: Spark's client reports a URI it cannot use
    }
    if (u.getHost() == null || u.getPort() < 0) {
      return Optional.empty();
    }
    return Reachability.unreachable(u.getHost(), u.getPort());
  }
}
