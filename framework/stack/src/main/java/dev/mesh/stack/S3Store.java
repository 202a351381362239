package dev.mesh.stack;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The stack's object store: S3Proxy ({@code org.gaul.s3proxy.Main}) in a JVM of its own, serving the S3 API on
 * 127.0.0.1 (path-style only: no virtual host is set) over Apache jclouds' filesystem backend, one directory per
 * bucket under {@code <state>/s3}. Its settings, credentials included, are in a properties file only its owner reads
 * (never on its command line, where {@code ps} would show them).
 */
final class S3Store {
  static final String SERVICE = "s3proxy";
  static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
  /** The bucket of the stack's warehouse ({@code s3a://mesh/warehouse}). */
  static final String BUCKET = "mesh";

  private S3Store() {}

  /** Starts it on {@code port}; {@code dataDir} holds the buckets, {@code confDir} its settings and log configuration. */
  static long start(int port, String accessKey, String secretKey, Path dataDir, Path confDir, Path log) {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint(port));
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", accessKey);
    p.setProperty("s3proxy.credential", secretKey);
    // jclouds' filesystem backend (S3Proxy calls it deprecated): its successor filesystem-nio2 answers a HEAD of
    // "db.db" with the directory "db.db/" that s3a's mkdirs created, so s3a takes the directory for a file (tried
    // with S3Proxy 2.6.0). Here an empty directory is invisible, as on S3 without a marker; s3a keeps its directory
    // markers (see s3aSettings), so it never deletes a directory that still holds files, which this backend cannot.
    p.setProperty("jclouds.provider", "filesystem");
    // Required by S3Proxy, unused by a local backend: not secrets.
    p.setProperty("jclouds.identity", "local");
    p.setProperty("jclouds.credential", "local");
    p.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    Path settings = confDir.resolve("s3proxy.properties");
    try {
      // A bucket of the filesystem backend is a directory: the warehouse's exists before the first client comes.
      Files.createDirectories(dataDir.resolve(BUCKET));
      Files.createDirectories(confDir);
      Files.deleteIfExists(settings);
      Files.createFile(settings, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
        p.store(w, "S3Proxy of the mesh stack (owner-only: it holds the store's credentials)");
      }
      Files.writeString(confDir.resolve("logback.xml"), LOG_CONFIG, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StackException("Cannot write S3Proxy's configuration in " + confDir + ": " + e.getMessage(), e);
    }
    List<String> jvm = List.of("-Xmx256m", "-Dlogback.configurationFile=" + confDir.resolve("logback.xml"));
    return Daemons.startJava(
        SERVICE, jvm, ServiceClasspath.of(SERVICE), MAIN_CLASS, List.of("--properties", settings.toString()), Map.of(),
        confDir, log);
  }

  /** Whether it answers HTTP on its port (an anonymous {@code GET /} is answered 403: it is up and checks signatures). */
  static boolean ready(int port) {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint(port) + "/")).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() > 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String endpoint(int port) {
    return "http://127.0.0.1:" + port;
  }

  /**
   * What a Hadoop {@code Configuration} (a service's {@code core-site.xml}/{@code hive-site.xml}) sets to reach the
   * store through s3a. No credentials: each process takes them from its environment ({@code AWS_ACCESS_KEY_ID},
   * {@code AWS_SECRET_ACCESS_KEY}), in s3a's default provider chain.
   */
  static Map<String, String> s3aSettings(String endpoint) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint);
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https:")));
    // As mesh sets it on its drivers (S3Config): a directory of the filesystem backend cannot be deleted while it holds
    // files, so s3a must not delete parent directory markers after each write.
    s.put("fs.s3a.directory.marker.retention", "keep");
    // A store on this machine answers at once or not at all: give up in seconds, not after s3a's minutes of retries
    // (a catalog request waiting on a dead store would hold its client for as long).
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    s.put("fs.s3a.retry.interval", "200ms");
    s.put("fs.s3a.connection.establish.timeout", "5000");
    return s;
  }

  /** The environment a process reaches the store with: the standard AWS variables. */
  static Map<String, String> credentialsEnv(String accessKey, String secretKey) {
    return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey);
  }

  private static final String LOG_CONFIG =
      String.join(
          "\n",
          "<configuration>",
          "  <appender name=\"console\" class=\"ch.qos.logback.core.ConsoleAppender\">",
          "    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{20}: %msg%n</pattern></encoder>",
          "  </appender>",
          "  <!-- INFO and above: debug logging would print every request, signature headers included. -->",
          "  <root level=\"INFO\"><appender-ref ref=\"console\"/></root>",
          "  <logger name=\"org.gaul.shaded.org.eclipse.jetty\" level=\"WARN\"/>",
          "</configuration>",
          "");
}
