package dev.mesh.alert;

import dev.mesh.model.ProductDescriptor;
import java.time.LocalDate;
import java.util.List;

/**
 * Something an owner should hear about: what happened to which product (and whose it is), on which logical date, the
 * rule, measured value and threshold when a rule or SLA is concerned, and where to look.
 *
 * @param key what stays the same while the alert is open ({@code kind|product[|detail]}): an open key is sent once,
 *     again after the re-notify interval, and resolved when it no longer fires
 * @param kind one of {@link dev.mesh.config.AlertsConfig#KINDS}
 * @param severity {@code error} or {@code warn}
 * @param summary one line that says what happened
 * @param rule the rule or SLA concerned, or null
 * @param value the measured value, or null
 * @param threshold the rule's threshold in words, or null
 * @param command the mesh command that shows more
 * @param tableVersion the product's table version concerned (published, or current when nothing was), or null
 * @param runId the run concerned, or null (freshness checks)
 * @param drill whether a failure drill ({@code mesh run --fail}) raised it
 */
public record Alert(
    String key,
    String kind,
    String severity,
    String product,
    String domain,
    String ownerTeam,
    String ownerContact,
    List<String> tags,
    LocalDate logicalDate,
    String summary,
    String rule,
    Double value,
    String threshold,
    String command,
    Long tableVersion,
    String runId,
    boolean drill) {

  public Alert {
    tags = List.copyOf(tags);
  }

  /** The same alert naming this table version. */
  Alert withTableVersion(Long version) {
    return new Alert(
        key, kind, severity, product, domain, ownerTeam, ownerContact, tags, logicalDate, summary, rule, value, threshold,
        command, version, runId, drill);
  }

  /** An alert about {@code product}, its owner and tags filled in from its declaration. */
  static Alert of(
      ProductDescriptor product, String kind, String severity, String detail, LocalDate date, String summary,
      String rule, Double value, String threshold, String command, Long tableVersion, String runId, boolean drill) {
    return new Alert(
        key(kind, product.id().toString(), detail), kind, severity, product.id().toString(), product.domain(),
        product.owner() == null ? null : product.owner().team(),
        product.owner() == null ? null : product.owner().contact(), product.tags(), date, summary, rule, value,
        threshold, command, tableVersion, runId, drill);
  }

  static String key(String kind, String product, String detail) {
    return kind + "|" + product + (detail == null ? "" : "|" + detail);
  }

  /** The product named in a key. */
  static String productOf(String key) {
    return key.split("\\|", -1)[1];
  }

  /** The kind named in a key. */
  static String kindOf(String key) {
    return key.split("\\|", -1)[0];
  }
}
