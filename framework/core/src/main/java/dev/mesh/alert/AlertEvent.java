package dev.mesh.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * An alert sent or to be sent: raised (newly open), a reminder (still open after the re-notify interval), or resolved.
 *
 * @param id one id per event, shared by its delivery rows in {@code mesh.alerts}
 */
public record AlertEvent(String id, Type type, Alert alert, Instant at) {

  public enum Type {
    RAISED,
    REMINDER,
    RESOLVED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The subject line of an e-mail, the headline of a chat message. */
  public String headline() {
    String what =
        switch (type) {
          case RAISED -> alert.kind().toUpperCase(Locale.ROOT);
          case REMINDER -> "STILL " + alert.kind().toUpperCase(Locale.ROOT);
          case RESOLVED -> "RESOLVED " + alert.kind();
        };
    return "[mesh] " + (alert.drill() ? "(drill) " : "") + what + " " + alert.product()
        + (alert.logicalDate() == null ? "" : " " + alert.logicalDate());
  }

  /** The body as plain text: every field a reader needs, one per line. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(type == Type.RESOLVED ? "Resolved: " : "").append(alert.summary()).append('\n').append('\n');
    line(b, "product", alert.product());
    line(b, "owner", alert.ownerTeam() == null ? null : alert.ownerTeam() + (alert.ownerContact() == null ? "" : " <" + alert.ownerContact() + ">"));
    line(b, "logical date", alert.logicalDate() == null ? null : alert.logicalDate().toString());
    line(b, "kind", alert.kind() + " (" + alert.severity() + ")");
    line(b, "rule", alert.rule());
    line(b, "measured", alert.value() == null ? null : Payloads.number(alert.value()));
    line(b, "threshold", alert.threshold());
    line(b, "table version", alert.tableVersion() == null ? "none published" : alert.tableVersion().toString());
    line(b, "run", alert.runId());
    line(b, "look", alert.command());
    line(b, "event", type.label() + " at " + at);
    return b.toString();
  }

  private static void line(StringBuilder b, String name, String value) {
    if (value != null && !value.isBlank()) {
      b.append(String.format(Locale.ROOT, "%-14s %s%n", name + ":", value));
    }
  }
}
