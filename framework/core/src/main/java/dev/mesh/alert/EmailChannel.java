package dev.mesh.alert;

import dev.mesh.config.AlertsConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** E-mail over SMTP (Jakarta Mail, Eclipse Angus): to the channel's fixed recipients, or to the product owner's contact. */
final class EmailChannel implements AlertChannel {
  private final AlertsConfig.Email config;
  private final Map<String, String> env;
  private final Duration timeout;

  EmailChannel(AlertsConfig.Email config, Map<String, String> env, Duration timeout) {
    this.config = config;
    this.env = env;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<String> recipients(Alert alert) {
    if (!config.to().isEmpty()) {
      return config.to();
    }
    return alert.ownerContact() == null || !alert.ownerContact().contains("@") ? List.of() : List.of(alert.ownerContact());
  }

  @Override
  public void send(AlertEvent event, String recipient) throws DeliveryException {
    Properties p = new Properties();
    String millis = String.valueOf(timeout.toMillis());
    String protocol = "ssl".equals(config.security()) ? "smtps" : "smtp";
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", config.host());
    p.put("mail." + protocol + ".port", String.valueOf(config.port()));
    p.put("mail." + protocol + ".connectiontimeout", millis);
    p.put("mail." + protocol + ".timeout", millis);
    p.put("mail." + protocol + ".writetimeout", millis);
    if ("starttls".equals(config.security())) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    Authenticator auth = null;
    if (!config.user().isEmpty()) {
      String password = env.get(config.passwordEnv());
      if (password == null) {
        throw new DeliveryException("environment variable " + config.passwordEnv() + " (the SMTP password) is not set");
      }
      p.put("mail." + protocol + ".auth", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(config.user(), password);
            }
          };
    }
    try {
      Session session = Session.getInstance(p, auth);
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(config.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(recipient));
      m.setSubject(event.headline(), StandardCharsets.UTF_8.name());
      m.setText(event.text(), StandardCharsets.UTF_8.name());
      m.setSentDate(Date.from(event.at()));
      m.setHeader("X-Mesh-Alert", event.alert().key());
      Transport.send(m);
    } catch (MessagingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new DeliveryException(
          "could not send mail through " + config.host() + ":" + config.port() + ": "
              + (root == e ? "" : root.getClass().getSimpleName() + " ") + (root.getMessage() == null ? e.getMessage() : root.getMessage()));
    }
  }
}
