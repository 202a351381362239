package dev.mesh.alert;

import dev.mesh.config.AlertsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A JSON POST (Slack-compatible or generic) to a URL read from the environment when an alert is sent. */
final class WebhookChannel implements AlertChannel {
  private final AlertsConfig.Webhook config;
  private final Map<String, String> env;
  private final Duration timeout;
  private final HttpClient client;

  WebhookChannel(AlertsConfig.Webhook config, Map<String, String> env, Duration timeout) {
    this.config = config;
    this.env = env;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<String> recipients(Alert alert) {
    return List.of("webhook $" + config.urlEnv());
  }

  @Override
  public void send(AlertEvent event, String recipient) throws DeliveryException {
    String url = env.get(config.urlEnv());
    if (url == null || url.isBlank()) {
      throw new DeliveryException("environment variable " + config.urlEnv() + " (the webhook URL) is not set");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new DeliveryException("environment variable " + config.urlEnv() + " does not hold a URL");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "mesh-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(Payloads.body(config.format(), event), StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        String body = response.body() == null ? "" : response.body().strip();
        throw new DeliveryException(
            "the webhook ($" + config.urlEnv() + ") answered HTTP " + response.statusCode()
                + (body.isEmpty() ? "" : ": " + redact(body.length() > 200 ? body.substring(0, 200) : body, url)));
      }
    } catch (IOException e) {
      // The URL (a secret: it authorizes posting) is never part of the message.
      throw new DeliveryException(
          "could not POST to the webhook ($" + config.urlEnv() + "): " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + redact(e.getMessage(), url)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while posting to the webhook ($" + config.urlEnv() + ")");
    }
  }

  private static String redact(String message, String url) {
    return message.replace(url.trim(), "<url>");
  }
}
