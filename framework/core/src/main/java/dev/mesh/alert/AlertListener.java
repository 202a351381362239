package dev.mesh.alert;

import dev.mesh.errors.MeshErrors;
import dev.mesh.runtime.RunListener;
import java.util.function.Consumer;

/**
 * Raises and resolves alerts as runs end (and as selected products do not run): a run listener, so a failing channel,
 * a slow SMTP server or a {@code mesh.alerts} that cannot be written never changes a run's outcome or exit code.
 */
public final class AlertListener implements RunListener {
  private final Alerting alerting;
  private final Consumer<String> reporter;

  public AlertListener(Alerting alerting, Consumer<String> reporter) {
    this.alerting = alerting;
    this.reporter = reporter;
  }

  public Alerting alerting() {
    return alerting;
  }

  @Override
  public void onFinish(RunFinished event) {
    evaluate(event);
  }

  @Override
  public void onNotRun(RunFinished event) {
    evaluate(event);
  }

  private void evaluate(RunFinished event) {
    try {
      alerting.evaluate(
          RunAlerts.firing(event.start().product(), event.result()), RunAlerts.scope(event.start().product(), event.result()));
    } catch (RuntimeException | LinkageError e) {
      reporter.accept(
          "alerts of the run of " + event.result().product() + " could not be evaluated (" + MeshErrors.rootMessage(e)
              + "); the run itself is not affected.");
    }
  }
}
