package dev.mesh.site.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}), driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: one browser process, one page. It records what a person would call a broken page: console
 * errors, uncaught exceptions, error log entries and failed requests.
 */
public final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

  /** The browser's executable: {@code MESH_CHROMIUM}, else {@code /usr/bin/chromium}. */
  public static Path executable() {
    String env = System.getenv("MESH_CHROMIUM");
    return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
  }

  public static boolean available() {
    return Files.isExecutable(executable());
  }

  /**
   * Skips the calling test when there is no Chromium, with the line that installs it; under CI ({@code CI=true})
   * fails instead, since {@code .ci/run} installs it.
   */
  public static void assumeAvailable() {
    if (!available()) {
      String m = "No Chromium at " + executable() + ": apt-get install -y chromium (or set MESH_CHROMIUM)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(m + " (.ci/run installs it)");
      }
      org.junit.jupiter.api.Assumptions.abort("Skipped: " + m);
    }
  }

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts the browser on a new, empty profile and attaches to its first page, with every domain we listen to enabled. */
  public static Chromium start() throws Exception {
    if (!available()) {
      throw new IllegalStateException("No Chromium at " + executable() + ": install Debian's chromium (apt-get install chromium) "
          + "or point MESH_CHROMIUM at a Chromium executable.");
    }
    Path profile = Files.createTempDirectory("mesh-chromium");
    ProcessBuilder pb = new ProcessBuilder(
        executable().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
    // Everything the browser writes outside its profile goes into the profile too, removed with it: without /dev/shm
    // its shared memory is in files of TMPDIR (org.chromium.Chromium.*), and its crash reporter's settings and dconf's
    // cache go to the XDG directories (~/.config/chromium, ~/.cache/dconf by default).
    pb.environment().put("TMPDIR", profile.toString());
    pb.environment().put("XDG_CONFIG_HOME", profile.resolve("xdg-config").toString());
    pb.environment().put("XDG_CACHE_HOME", profile.resolve("xdg-cache").toString());
    Process process = pb.start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Chromium did not start (exit " + (process.isAlive() ? "none, timed out" : process.exitValue())
              + "): " + Files.readString(profile.resolve("chromium.log")));
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String page = null;
      while (page == null) {
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode t : targets) {
          if ("page".equals(t.path("type").asText())) {
            page = t.path("webSocketDebuggerUrl").asText();
          }
        }
        if (page == null) {
          Thread.sleep(50);
        }
      }
      Chromium[] self = new Chromium[1];
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            String message = text.toString();
            text.setLength(0);
            while (self[0] == null) {
              Thread.onSpinWait();
            }
            self[0].receive(message);
          }
          ws.request(1);
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      Chromium c = new Chromium(process, profile, socket);
      self[0] = c;
      for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
        c.send(domain + ".enable", JSON.createObjectNode());
      }
      return c;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private void receive(String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
        return;
      }
      record(m);
      events.add(m);
    } catch (IOException e) {
      problems.add("unreadable DevTools message: " + message);
    }
  }

  /** Keeps what makes a page broken: console errors, uncaught exceptions, error log entries, failed requests. */
  private void record(JsonNode m) {
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          problems.add("console." + type + ": " + p.path("args").toString());
        }
      }
      case "Runtime.exceptionThrown" -> problems.add("uncaught exception: " + p.path("exceptionDetails").toString());
      case "Log.entryAdded" -> {
        if ("error".equals(p.path("entry").path("level").asText())) {
          problems.add("log error: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      case "Network.loadingFailed" -> problems.add("request failed: " + p.path("errorText").asText() + " " + p.path("requestId").asText()
          + " (" + p.path("type").asText() + ")");
      case "Network.responseReceived" -> {
        int status = p.path("response").path("status").asInt(200);
        if (status >= 400) {
          problems.add("HTTP " + status + ": " + p.path("response").path("url").asText());
        }
      }
      default -> { }
    }
  }

  /** Sends a DevTools command and returns its {@code result}; a protocol error is an exception naming the command. */
  public JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = JSON.createObjectNode();
    m.put("id", id);
    m.put("method", method);
    m.set("params", params);
    socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException("DevTools " + method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  public static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Opens {@code url}, waits for its load event, and returns what went wrong while it loaded (empty: nothing). */
  public List<String> open(String url) throws Exception {
    problems.clear();
    events.clear();
    JsonNode nav = send("Page.navigate", params().put("url", url));
    if (nav.hasNonNull("errorText")) {
      problems.add("navigation failed: " + nav.get("errorText").asText());
      return List.copyOf(problems);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode e = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new IllegalStateException("No load event for " + url + " within " + TIMEOUT);
      }
      if ("Page.loadEventFired".equals(e.path("method").asText())) {
        break;
      }
    }
    // Deferred scripts have run by the load event; let their first tasks settle before judging the page.
    eval("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))");
    return problems();
  }

  /** What went wrong since the last {@link #open}. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("JavaScript failed: " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Types text into the focused element, one key event per character, as a person would. */
  public void type(String text) throws Exception {
    for (int i = 0; i < text.length(); i++) {
      String ch = String.valueOf(text.charAt(i));
      send("Input.dispatchKeyEvent", params().put("type", "keyDown").put("text", ch).put("key", ch));
      send("Input.dispatchKeyEvent", params().put("type", "keyUp").put("key", ch));
    }
  }

  /** Writes a PNG of the page as seen in a {@code width} x {@code height} window. */
  public void screenshot(Path png, int width, int height) throws Exception {
    send("Emulation.setDeviceMetricsOverride",
        params().put("width", width).put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
    JsonNode shot = send("Page.captureScreenshot", params().put("format", "png"));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() {
    // The browser's helper processes (renderer, GPU, network service) too: they write into the profile until they exit.
    List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
    all.add(0, process.toHandle());
    try {
      socket.abort();
    } finally {
      for (ProcessHandle h : all) {
        h.destroy();
      }
      for (ProcessHandle h : all) {
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      }
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    for (int attempt = 1; Files.exists(dir); attempt++) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        // A file that vanished under the walk (a helper's last write): walk again.
        if (attempt == 5) {
          throw new UncheckedIOException("Cannot delete the browser profile " + dir, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
      }
    }
  }

  /** The CPU time the browser's processes used so far (this process and its descendants), in seconds; -1 if unknown. */
  public double cpuSeconds() {
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
        .map(h -> h.info().totalCpuDuration().orElse(null))
        .filter(java.util.Objects::nonNull)
        .mapToDouble(d -> d.toMillis() / 1000.0).sum();
  }
}
