package dev.mesh.site;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code mesh site --serve}: the built site over HTTP on localhost (the JDK's own server; static files, GET only). */
public final class SiteServer {
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "yaml", "application/yaml; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");

  private SiteServer() {}

  /** Starts serving {@code root} on {@code 127.0.0.1:port} (0: any free port) and returns the running server. */
  public static HttpServer start(Path root, int port) {
    Path base = root.toAbsolutePath().normalize();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          String path = java.net.URLDecoder.decode(exchange.getRequestURI().getPath(), java.nio.charset.StandardCharsets.UTF_8);
          Path file = base.resolve(path.substring(1)).normalize();
          if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
          }
          if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(base) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          String name = file.getFileName().toString();
          String ext = name.substring(name.lastIndexOf('.') + 1);
          exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
          byte[] body = Files.readAllBytes(file);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve the site on port " + port + ": " + e.getMessage() + ". Choose another with --port.", e);
    }
  }
}
