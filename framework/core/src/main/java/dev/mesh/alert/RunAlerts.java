package dev.mesh.alert;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import dev.mesh.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The alerts a run's outcome raises, and the keys it settles (what a later success or a passing rule resolves). */
final class RunAlerts {
  /** Kinds that a run's outcome decides, resolved by the product's next successful run. */
  static final Set<String> OUTCOME_KINDS =
      Set.of("failed", "blocked", "skipped", "input-missing", "refused", "rolled-back", "input-rolled-back");

  private RunAlerts() {}

  static List<Alert> firing(ProductDescriptor d, RunResult r) {
    List<Alert> out = new ArrayList<>();
    String id = d.id().toString();
    String date = String.valueOf(r.logicalDate());
    String logs = "mesh logs " + r.runId();
    switch (r.status()) {
      case FAILED -> out.add(
          Alert.of(d, "failed", "error", null, r.logicalDate(),
              (r.drill() ? "Failure drill: " : "") + "run of " + id + " for " + date + " failed: " + firstLine(r.error()),
              null, null, null, logs, null, r.runId(), r.drill()));
      case BLOCKED -> {
        List<RuleOutcome> failedRules =
            r.quality() == null ? List.of() : r.quality().outcomes().stream().filter(o -> o.status() == RuleStatus.FAILED).toList();
        RuleOutcome first = failedRules.isEmpty() ? null : failedRules.get(0);
        String rules = failedRules.stream().map(o -> describe(o)).reduce((a, b) -> a + "; " + b).orElse(firstLine(r.error()));
        out.add(
            Alert.of(d, "blocked", "error", null, r.logicalDate(),
                "run of " + id + " for " + date + " was not published: " + rules + ". The previous version stays current.",
                first == null ? null : first.rule(), first == null ? null : first.value(),
                first == null ? null : first.threshold(), "mesh quality " + id + "  |  " + logs, null, r.runId(), false));
      }
      case SKIPPED -> out.add(
          Alert.of(d, "skipped", "warn", null, r.logicalDate(),
              id + " for " + date + " did not run: " + r.error(), null, null, null, "mesh status", null, r.runId(), false));
      case INPUT_MISSING -> out.add(
          Alert.of(d, "input-missing", "error", null, r.logicalDate(), firstLine(r.error()), null, null, null, logs, null,
              r.runId(), false));
      case REFUSED -> {
        boolean deprecated = r.error() != null && r.error().contains("deprecated");
        out.add(
            Alert.of(d, deprecated ? "deprecated-input" : "refused", "error", deprecated ? "refused" : null,
                r.logicalDate(), firstLine(r.error()), deprecated ? "deprecated-input" : null, null, null,
                "mesh plan " + id + " --date " + date, null, r.runId(), false));
      }
      default -> {}
    }
    if (r.quality() != null) {
      for (RuleOutcome o : r.quality().outcomes()) {
        if (o.status() != RuleStatus.WARNED) {
          continue;
        }
        boolean anomaly = "anomaly".equals(o.kind());
        out.add(
            Alert.of(d, anomaly ? "anomaly" : "warn-rule", "warn", o.rule(), r.logicalDate(),
                (anomaly ? "anomaly in " : "warn rule failed on ") + id + " for " + date + ": " + describe(o),
                o.rule(), o.value(), o.threshold(), "mesh quality " + id, r.tableVersion(), r.runId(), false));
      }
    }
    for (String w : r.warnings()) {
      if (w.startsWith("deprecated-input")) {
        out.add(
            Alert.of(d, "deprecated-input", "warn", "warning", r.logicalDate(), id + " reads a deprecated input: " + w,
                "deprecated-input", null, null, "mesh plan " + id + " --date " + date, r.tableVersion(), r.runId(), false));
      }
    }
    return out;
  }

  /**
   * The keys this run settles: every outcome and deprecation alert of the product when it succeeded (and its
   * lateness: it is fresh now), its rule alerts whenever its rules were evaluated.
   */
  static Predicate<String> scope(ProductDescriptor d, RunResult r) {
    String id = d.id().toString();
    boolean rulesEvaluated = r.quality() != null && !r.quality().outcomes().isEmpty();
    return key -> {
      if (!Alert.productOf(key).equals(id)) {
        return false;
      }
      String kind = Alert.kindOf(key);
      if (r.succeeded() && (OUTCOME_KINDS.contains(kind) || kind.equals("late") || kind.equals("deprecated-input"))) {
        return true;
      }
      return rulesEvaluated && (kind.equals("warn-rule") || kind.equals("anomaly"));
    };
  }

  /** The alerts of a rollback: one to the product's owner, one to the owner of each product that read what it withdrew. */
  static List<Alert> rollback(dev.mesh.runtime.RunListener.RolledBack e) {
    RunResult r = e.result();
    String id = e.product().id().toString();
    String command = e.rerun() == null ? "mesh logs " + r.runId() : e.rerun() + "  |  mesh logs " + r.runId();
    List<Alert> out = new ArrayList<>();
    out.add(Alert.of(e.product(), "rolled-back", "warn", r.runId(), r.logicalDate(), e.summary(), null, null, null, command,
        r.tableVersion(), r.runId(), false));
    e.readers().forEach((reader, dates) -> out.add(
        Alert.of(reader, "input-rolled-back", "warn", r.runId(), dates.isEmpty() ? null : dates.get(dates.size() - 1),
            reader.id() + " was computed from rows of " + id + " that are withdrawn now (its runs for "
                + String.join(", ", dates.stream().map(String::valueOf).toList()) + "): " + e.summary()
                + " Run it again once " + id + " is right.",
            null, null, null, command, null, r.runId(), false)));
    return out;
  }

  /**
   * The alerts of a hold: {@code held} to the product's owner, {@code input-held} to the owner of each product that
   * reads it (its runs read the held product's current rows until it is released), each keyed by the hold.
   */
  static List<Alert> hold(dev.mesh.runtime.RunListener.HoldChanged e) {
    String id = e.product().id().toString();
    String version = e.version() == null ? "no version (none is published)" : "version " + e.version();
    String logs = "mesh logs " + e.hold().id();
    List<Alert> out = new ArrayList<>();
    out.add(Alert.of(e.product(), "held", "warn", e.hold().id(), null,
        id + " is " + e.hold().brief() + ". It does not run until it is released; its readers read " + version
            + (e.readers().isEmpty() ? "." : " (" + String.join(", ", e.readers().stream().map(r -> r.id().toString()).toList()) + ")."),
        null, null, null, "mesh release " + id + "  |  " + logs, e.version(), e.hold().id(), false));
    e.readers().forEach(reader -> out.add(
        Alert.of(reader, "input-held", "warn", e.hold().id(), null,
            reader.id() + " reads " + id + ", which is " + e.hold().brief() + ". Until it is released " + reader.id()
                + "'s runs read its " + version + ", which does not change.",
            null, null, null, logs, null, e.hold().id(), false)));
    return out;
  }

  /** The keys a release settles: the {@code held} and {@code input-held} alerts of the hold it lifted. */
  static Predicate<String> released(dev.mesh.runtime.RunListener.HoldChanged e) {
    return key -> (Alert.kindOf(key).equals("held") || Alert.kindOf(key).equals("input-held"))
        && key.endsWith("|" + e.hold().id());
  }

  static String describe(RuleOutcome o) {
    return "rule '" + o.rule() + "' (" + o.metric() + ") measured "
        + (o.value() == null ? "nothing" : Payloads.number(o.value())) + ", threshold " + o.threshold()
        + (o.message() == null || o.message().isBlank() ? "" : " (" + o.message() + ")");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
