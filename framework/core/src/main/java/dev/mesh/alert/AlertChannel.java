package dev.mesh.alert;

import dev.mesh.config.AlertsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where alerts go: sends one event to one recipient, or throws {@link DeliveryException} saying why it could not. */
interface AlertChannel {

  String name();

  /** Who receives an event on this channel: an e-mail's addresses, a webhook's (secret-free) name. */
  List<String> recipients(Alert alert);

  void send(AlertEvent event, String recipient) throws DeliveryException;

  /** A delivery that failed, with a message that never holds a secret (webhook URL, password). */
  final class DeliveryException extends Exception {
    DeliveryException(String message) {
      super(message);
    }
  }

  static AlertChannel of(AlertsConfig.Channel c, Map<String, String> env, Duration timeout) {
    if (c instanceof AlertsConfig.Webhook w) {
      return new WebhookChannel(w, env, timeout);
    }
    return new EmailChannel((AlertsConfig.Email) c, env, timeout);
  }
}
