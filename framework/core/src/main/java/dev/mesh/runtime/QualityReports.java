package dev.mesh.runtime;

import dev.mesh.quality.QualityReport;
import dev.mesh.quality.RuleOutcome;
import dev.mesh.quality.RuleStatus;
import java.util.Locale;

/** Quality reports as text for people: the failures with measured value and threshold, and a summary line. */
public final class QualityReports {
  private QualityReports() {}

  public static String describeFailures(QualityReport report) {
    StringBuilder b = new StringBuilder();
    for (RuleOutcome o : report.outcomes()) {
      if (o.status() == RuleStatus.FAILED || o.status() == RuleStatus.WARNED) {
        b.append("  ").append(o.status() == RuleStatus.FAILED ? "FAILED" : "warned").append(' ').append(o.rule())
            .append(" (").append(o.kind()).append("): ");
        if (o.message() != null && !o.message().isBlank()) {
          b.append(o.message());
        } else {
          b.append(o.metric()).append(" = ").append(o.value() == null ? "n/a" : format(o.value()))
              .append(", expected ").append(o.threshold());
        }
        b.append('\n');
      }
    }
    return b.toString().stripTrailing();
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
