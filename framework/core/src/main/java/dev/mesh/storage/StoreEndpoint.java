package dev.mesh.storage;

import dev.mesh.config.PlatformConfig;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Optional;

/**
 * The object store a warehouse on s3a lives in, as a host and port that can be asked whether anything listens there.
 * A store that is down is the one failure the clients take minutes to report: s3a retries a refused connection
 * ({@code fs.s3a.retry.limit} times, each with the AWS SDK's own attempts), and an Iceberg REST catalog server retries
 * reading a table's metadata 20 times with back-off before it answers (measured: over five minutes, with an error that
 * names the catalog, not the store). A TCP connection to the endpoint says it in milliseconds.
 *
 * <p>Only a store with an endpoint of its own is probed (an S3-compatible store: {@code mesh.storage.s3.endpoint} or
 * {@code spark.hadoop.fs.s3a.endpoint}); AWS's endpoints are found by s3a from the bucket's region.
 *
 * @param endpoint the endpoint as configured, e.g. {@code http://127.0.0.1:9000}
 * @param warehouse the warehouse root on the store, e.g. {@code s3a://mesh/warehouse}
 */
public record StoreEndpoint(String endpoint, String host, int port, String warehouse) {
  private static final String ENDPOINT_CONF = "spark.hadoop.fs.s3a.endpoint";

  /** The endpoint of the platform's object store when its warehouse is on s3a and an endpoint is set; empty otherwise. */
  public static Optional<StoreEndpoint> of(PlatformConfig platform) {
    String warehouse = platform.warehouse();
    if (!onObjectStore(warehouse) && !onObjectStore(platform.deltaRoot())) {
      return Optional.empty();
    }
    String endpoint = platform.s3() == null ? "" : platform.s3().endpoint();
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = platform.sparkConf().getOrDefault(ENDPOINT_CONF, "").strip();
    }
    if (endpoint.isBlank()) {
      return Optional.empty();
    }
    // s3a takes an endpoint with or without its scheme; without one it speaks https unless told otherwise.
    boolean ssl = !"false".equalsIgnoreCase(platform.sparkConf().getOrDefault("spark.hadoop.fs.s3a.connection.ssl.enabled", "true"));
    URI uri;
    try {
      uri = URI.create(endpoint.contains("://") ? endpoint : (ssl ? "https://" : "http://") + endpoint);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    return Optional.of(new StoreEndpoint(endpoint, uri.getHost(), port, onObjectStore(warehouse) ? warehouse : platform.deltaRoot()));
  }

  private static boolean onObjectStore(String location) {
    return location != null && location.matches("(?i)^s3[an]?://.*");
  }

  /** Why nothing answers at the endpoint ({@code connection refused}, {@code no answer within 5 s}); empty if it does. */
  public Optional<String> unreachable() {
    return Reachability.unreachable(host, port);
  }

  /**
   * Returns when the store answers.
   *
   * @param location what was to be read or written there, for the message
   * @throws UncheckedIOException when it does not: its message the one line of {@link #failure}, its cause the failed
   *     connection (a run then says "Run of sales.orders failed: object storage failed at ...: connection refused.
   *     The previous version stays published.", as for s3a's own failures)
   */
  public void check(String location) {
    Optional<String> why = unreachable();
    if (why.isPresent()) {
      throw new UncheckedIOException(failure(location, why.get()), new ConnectException(why.get()));
    }
  }

  /** The bucket of an {@code s3a://bucket/key} location. */
  static String bucket(String location) {
    String rest = location.substring(location.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /**
   * The one line for a store that does not answer, in the shape of s3a's own failures ({@code MeshErrors}): {@code
   * object storage failed at s3a://mesh/warehouse/delta/sales/orders (bucket mesh at 127.0.0.1:9000): connection
   * refused}.
   */
  public String failure(String location, String why) {
    return "object storage failed at " + location + " (bucket " + bucket(location) + " at " + host + ":" + port + "): " + why;
  }
}
