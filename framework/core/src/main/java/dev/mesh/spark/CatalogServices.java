package dev.mesh.spark;

import dev.mesh.config.IcebergCatalogConfig;
import dev.mesh.config.PlatformConfig;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.storage.Reachability;
import dev.mesh.storage.StoreEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks, before Spark first talks to them, that the services the platform names answer: the Iceberg REST catalog
 * ({@code GET <uri>/v1/config}), the Hive metastore (its Thrift port) and an S3-compatible object store holding the
 * warehouse (its endpoint's port, {@link StoreEndpoint}). Spark's own clients would otherwise retry for a minute or
 * more (the catalog server, on a dead store, for over five) and end in a long stack trace; this says in one line which
 * service, at which URI, and the fix.
 */
public final class CatalogServices {
  /** How long a service may take to answer the probe. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private CatalogServices() {}

  /** Throws a {@link MeshException} ({@link ErrorKind#INVALID}) naming the first service that does not answer. */
  public static void check(PlatformConfig platform) {
    IcebergCatalogConfig ice = platform.iceberg();
    if (ice != null && "rest".equals(ice.type())) {
      checkRest(ice);
    }
    for (String uri : platform.metastoreUris()) {
      checkThrift(uri);
    }
    StoreEndpoint.of(platform).ifPresent(CatalogServices::checkStore);
  }

  static void checkStore(StoreEndpoint store) {
    store.unreachable().ifPresent(why -> {
      throw new MeshException(
          ErrorKind.INVALID,
          "Cannot reach the object store at " + store.endpoint() + " (warehouse " + store.warehouse() + "): " + why
              + ". Fix: start it (for the local stack: bin/mesh stack up --on-store), or point mesh at the running one"
              + " (MESH_S3_ENDPOINT / mesh.storage.s3.endpoint in conf/mesh.conf; eval \"$(bin/mesh stack env)\" sets it"
              + " for the local stack).");
    });
  }

  static void checkRest(IcebergCatalogConfig ice) {
    String base = ice.uri().replaceAll("/+$", "");
    URI config;
    try {
      config = URI.create(base + "/v1/config");
    } catch (IllegalArgumentException e) {
      throw unreachable("Iceberg REST catalog", ice.uri(), "not a URI (" + e.getMessage() + ")");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(config).timeout(TIMEOUT).GET();
    String token = ice.properties().get("token");
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable("Iceberg REST catalog", ice.uri(), MeshErrors.unreachable(e, TIMEOUT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("Iceberg REST catalog", ice.uri(), "interrupted");
    } catch (IllegalArgumentException e) {
      throw unreachable("Iceberg REST catalog", ice.uri(), "not an http(s) URI");
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new MeshException(
          ErrorKind.INVALID,
          "The Iceberg REST catalog at " + ice.uri() + " refused mesh's credentials (HTTP " + status + "). Fix: set the"
              + " catalog's credential or token in mesh.iceberg.properties (e.g. credential = \"<client-id>:<secret>\" from"
              + " the environment), as the catalog's administrator issued them.");
    }
    if (status / 100 != 2) {
      throw unreachable("Iceberg REST catalog", ice.uri(), "GET /v1/config answered HTTP " + status + ", so this is not an Iceberg REST catalog endpoint");
    }
  }

  static void checkThrift(String uri) {
    URI u;
    try {
      u = URI.create(uri.trim());
    } catch (IllegalArgumentException e) {
      throw unreachable("Hive metastore", uri, "not a URI");
    }
    if (!"thrift".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
      throw unreachable("Hive metastore", uri, "expected thrift://<host>:<port>");
    }
    Reachability.unreachable(u.getHost(), u.getPort()).ifPresent(why -> {
      throw unreachable("Hive metastore", uri, why);
    });
  }

  private static MeshException unreachable(String service, String uri, String why) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot reach the " + service + " at " + uri + ": " + why + ". Fix: start it (for the local stack: bin/mesh stack up),"
            + " or point mesh at the running one ("
            + (service.startsWith("Iceberg") ? "MESH_CATALOG_URI / mesh.iceberg.uri" : "MESH_METASTORE_URI / spark.hadoop.hive.metastore.uris")
            + " in conf/mesh.conf; eval \"$(bin/mesh stack env)\" sets both for the local stack).");
  }
}
