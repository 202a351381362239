package dev.mesh.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mesh.config.IcebergCatalogConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.config.PlatformConfig;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line errors for catalog services that do not answer as they should, against real sockets. */
class CatalogServicesTest {

  @Test
  void aRestCatalogNobodyListensOnIsNamedWithTheFix() throws IOException {
    String uri = "http://127.0.0.1:" + freePort();
    assertThatThrownBy(() -> CatalogServices.checkRest(rest(uri)))
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.INVALID))
        .hasMessageStartingWith("Cannot reach the Iceberg REST catalog at " + uri + ": connection refused.")
        .hasMessageContaining("bin/mesh stack up")
        .hasMessageContaining("MESH_CATALOG_URI")
        .hasNoCause();
  }

  @Test
  void anHttpServerThatIsNoCatalogAndOneThatRefusesCredentialsAreToldApart() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/plain/", x -> respond(x, 404, "not here"));
    server.createContext("/locked/", x -> respond(x, 401, "{\"error\":{\"code\":401}}"));
    server.createContext("/catalog/", x -> respond(x, x.getRequestURI().getPath().endsWith("/v1/config") ? 200 : 404, "{\"defaults\":{},\"overrides\":{}}"));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThatThrownBy(() -> CatalogServices.checkRest(rest(base + "/plain")))
          .hasMessageContaining("GET /v1/config answered HTTP 404, so this is not an Iceberg REST catalog endpoint");
      assertThatThrownBy(() -> CatalogServices.checkRest(rest(base + "/locked")))
          .hasMessageStartingWith("The Iceberg REST catalog at " + base + "/locked refused mesh's credentials (HTTP 401).");
      assertThatCode(() -> CatalogServices.checkRest(rest(base + "/catalog/"))).doesNotThrowAnyException();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMetastoreNobodyListensOnIsNamedWithTheFix() throws IOException {
    String uri = "thrift://127.0.0.1:" + freePort();
    assertThatThrownBy(() -> CatalogServices.checkThrift(uri))
        .hasMessageStartingWith("Cannot reach the Hive metastore at " + uri + ": connection refused.")
        .hasMessageContaining("MESH_METASTORE_URI");
    assertThatThrownBy(() -> CatalogServices.checkThrift("http://127.0.0.1:1"))
        .hasMessageContaining("expected thrift://<host>:<port>");
    try (ServerSocket listening = new ServerSocket(0)) {
      assertThatCode(() -> CatalogServices.checkThrift("thrift://127.0.0.1:" + listening.getLocalPort())).doesNotThrowAnyException();
    }
  }

  @Test
  void anObjectStoreNobodyListensOnIsNamedWithTheFixBeforeSparkStarts(@TempDir Path home) throws IOException {
    String endpoint = "http://127.0.0.1:" + freePort();
    Properties props = new Properties();
    props.setProperty("mesh.warehouse", "s3a://mesh/warehouse");
    props.setProperty("mesh.storage.s3.endpoint", endpoint);
    PlatformConfig onStore = new MeshConfigLoader(home, Map.of(), props).loadPlatformOnly();
    assertThatThrownBy(() -> CatalogServices.check(onStore))
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.INVALID))
        .hasMessageStartingWith("Cannot reach the object store at " + endpoint + " (warehouse s3a://mesh/warehouse): connection refused.")
        .hasMessageContaining("bin/mesh stack up --on-store")
        .hasMessageContaining("MESH_S3_ENDPOINT")
        .hasNoCause();
    try (ServerSocket listening = new ServerSocket(0)) {
      props.setProperty("mesh.storage.s3.endpoint", "http://127.0.0.1:" + listening.getLocalPort());
      assertThatCode(() -> CatalogServices.check(new MeshConfigLoader(home, Map.of(), props).loadPlatformOnly()))
          .doesNotThrowAnyException();
    }
  }

  private static IcebergCatalogConfig rest(String uri) {
    return new IcebergCatalogConfig("iceberg", "rest", "", uri, Map.of());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void respond(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }
}
