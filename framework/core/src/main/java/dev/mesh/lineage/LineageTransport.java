package dev.mesh.lineage;

import dev.mesh.config.LineageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sends one OpenLineage event (a JSON document on one line). Implementations are safe for concurrent runs. */
public interface LineageTransport {

  /** Delivers the event; throws when it could not (the caller reports it, the run carries on). */
  void send(String json) throws IOException;

  /** A short description for messages, e.g. {@code file /w/lineage/events.jsonl}. */
  String describe();

  static LineageTransport of(LineageConfig config) {
    return switch (config.transport()) {
      case FILE -> new FileTransport(localPath(config.path()));
      case HTTP -> new HttpTransport(URI.create(config.url()), config.timeout());
      case OFF -> new Off();
    };
  }

  private static Path localPath(String path) {
    return path.startsWith("file:") ? Paths.get(URI.create(path)) : Paths.get(path);
  }

  /**
   * Appends JSON lines to one file shared by every thread and process: each event is written whole under an
   * exclusive file lock (between processes) and a monitor (between threads: the JVM refuses overlapping locks).
   */
  final class FileTransport implements LineageTransport {
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();
    private final Path path;

    public FileTransport(Path path) {
      this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
      return path;
    }

    @Override
    public void send(String json) throws IOException {
      byte[] line = (json.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (MONITORS.computeIfAbsent(path, p -> new Object())) {
        Files.createDirectories(path.getParent());
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileLock lock = ch.lock()) {
          ByteBuffer buf = ByteBuffer.wrap(line);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      }
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /** POSTs each event to an OpenLineage endpoint (e.g. Marquez's {@code /api/v1/lineage}); 2xx is success. */
  final class HttpTransport implements LineageTransport {
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpTransport(URI url, Duration timeout) {
      this.url = url;
      this.timeout = timeout;
      this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(String json) throws IOException {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while posting to " + url, e);
      }
      if (response.statusCode() / 100 != 2) {
        String body = response.body() == null ? "" : response.body();
        throw new IOException(
            url + " answered HTTP " + response.statusCode() + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
      }
    }

    @Override
    public String describe() {
      return "http " + url;
    }
  }

  /** {@code transport = off}: nothing is sent. */
  final class Off implements LineageTransport {
    @Override
    public void send(String json) {}

    @Override
    public String describe() {
      return "off";
    }
  }
}
