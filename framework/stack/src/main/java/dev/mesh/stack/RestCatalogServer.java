package dev.mesh.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Iceberg's REST catalog server ({@code org.apache.iceberg.rest.RESTCatalogServer}, from
 * {@code iceberg-open-api}'s test fixtures: the code of the {@code iceberg-rest-fixture} image) in a JVM of its own,
 * over a JDBC catalog in PostgreSQL, so that its state outlives the server. It takes its settings from
 * {@code CATALOG_*} variables: after the prefix, {@code __} becomes {@code -}, {@code _} becomes {@code .}, lower case.
 */
final class RestCatalogServer {
  static final String SERVICE = "iceberg-rest";
  static final String MAIN_CLASS = "org.apache.iceberg.rest.RESTCatalogServer";

  private RestCatalogServer() {}

  /**
   * Starts it on 127.0.0.1:{@code port} (Jetty binds every interface: the server offers no host setting). It writes
   * the tables' metadata files under {@code warehouse} itself, through Iceberg's HadoopFileIO: for an {@code s3a://}
   * warehouse, {@code hadoopSite} (s3a's endpoint and options) goes into a {@code core-site.xml} in {@code confDir},
   * first on its classpath, and {@code env} carries the store's credentials.
   */
  static long start(
      int port, String jdbcUrl, String user, String password, String warehouse, Map<String, String> hadoopSite,
      Map<String, String> extraEnv, Path confDir, Path log) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CATALOG_CATALOG__IMPL", "org.apache.iceberg.jdbc.JdbcCatalog");
    env.put("CATALOG_URI", jdbcUrl);
    env.put("CATALOG_JDBC_USER", user);
    env.put("CATALOG_JDBC_PASSWORD", password);
    env.put("CATALOG_WAREHOUSE", warehouse);
    env.put("CATALOG_IO__IMPL", "org.apache.iceberg.hadoop.HadoopFileIO");
    // rest.port: read from the same CATALOG_* map (RESTCatalogServer.REST_PORT, default 8181).
    env.put("CATALOG_REST_PORT", String.valueOf(port));
    // The server logs its catalog properties at INFO, JDBC password included: its own logger is kept to warnings.
    List<String> jvm = List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.log." + MAIN_CLASS + "=warn");
    env.putAll(extraEnv);
    String classpath = ServiceClasspath.of(SERVICE);
    if (!hadoopSite.isEmpty()) {
      HiveMetastore.writeSite(confDir, "core-site.xml", hadoopSite);
      classpath = confDir + ":" + classpath;
    }
    return Daemons.startJava(SERVICE, jvm, classpath, MAIN_CLASS, List.of(), env, confDir.getParent(), log);
  }

  /** Whether {@code GET /v1/config} answers 200. */
  static boolean ready(int port) {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
              .send(
                  HttpRequest.newBuilder(URI.create(uri(port) + "/v1/config")).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String uri(int port) {
    return "http://127.0.0.1:" + port;
  }
}
