package dev.mesh.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real receivers for alert tests: an SMTP server (GreenMail) and an HTTP endpoint, each on a free localhost port. */
final class Receivers implements AutoCloseable {
  final GreenMail smtp;
  final HttpServer http;
  final List<String> posts = new CopyOnWriteArrayList<>();

  Receivers() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext(
        "/hook",
        exchange -> {
          posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    http.start();
  }

  int smtpPort() {
    return smtp.getSmtp().getPort();
  }

  String hookUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
  }

  /** A localhost port nothing listens on (bound, then released). */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mesh.alerts settings: e-mail to the owner through {@code smtpPort}, a webhook whose URL is in $HOOK_URL. */
  static String alerts(int smtpPort, String format, String kinds, String extra) {
    return """
          alerts {
            renotify-after = 6h
            delivery { attempts = 2, backoff = 50ms, timeout = 2s }
            channels {
              owners { type = email, host = "127.0.0.1", port = %d, security = none, from = "mesh@example.com" }
              hook { type = webhook, url-env = HOOK_URL, format = %s }
            }
            routes = [ { kinds = [%s], channels = [owners, hook] } ]
            %s
          }
        """
        .formatted(smtpPort, format, kinds, extra);
  }

  @Override
  public void close() {
    http.stop(0);
    smtp.stop();
  }
}
