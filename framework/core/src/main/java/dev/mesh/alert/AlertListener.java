package dev.mesh.alert;

import dev.mesh.errors.MeshErrors;
import dev.mesh.runtime.RunListener;
import dev.mesh.model.ProductDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Raises and resolves alerts as runs end (and as selected products do not run): a run listener, so a failing channel,
 * a slow SMTP server or a {@code mesh.alerts} that cannot be written never changes a run's outcome or exit code.
 */
public final class AlertListener implements RunListener {
  private final Alerting alerting;
  private final Consumer<String> reporter;
  private final Function<ProductDescriptor, Long> currentVersion;

  /**
   * @param currentVersion the product's current table version (null if none): what readers see after a run that
   *     published nothing, named in its alert
   */
  public AlertListener(Alerting alerting, Consumer<String> reporter, Function<ProductDescriptor, Long> currentVersion) {
    this.alerting = alerting;
    this.reporter = reporter;
    this.currentVersion = currentVersion;
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

  /**
   * A rollback: {@code rolled-back} to the product's owner, {@code input-rolled-back} to the owner of each product that
   * read a withdrawn version, each its own alert (keyed by the rollback), resolved by that product's next success.
   */
  @Override
  public void onRollback(RolledBack event) {
    try {
      alerting.evaluate(RunAlerts.rollback(event), key -> false);
    } catch (Exception | LinkageError e) {
      reporter.accept(
          "alerts of the rollback of " + event.product().id() + " could not be evaluated (" + MeshErrors.rootMessage(e)
              + "); the rollback itself is not affected.");
    }
  }

  /**
   * A hold: {@code held} to the product's owner, {@code input-held} to the owner of each product that reads it, each
   * keyed by the hold; its release resolves them (a reader's successful runs do not: it still reads frozen rows).
   */
  @Override
  public void onHold(HoldChanged event) {
    try {
      if (event.released()) {
        alerting.evaluate(List.of(), RunAlerts.released(event));
      } else {
        alerting.evaluate(RunAlerts.hold(event), key -> false);
      }
    } catch (Exception | LinkageError e) {
      reporter.accept(
          "alerts of the " + (event.released() ? "release" : "hold") + " of " + event.product().id()
              + " could not be evaluated (" + MeshErrors.rootMessage(e) + "); the " + (event.released() ? "release" : "hold")
              + " itself is not affected.");
    }
  }

  private Long versionOf(ProductDescriptor d) {
    try {
      return currentVersion.apply(d);
    } catch (Exception e) {
      // Also the checked IOExceptions Delta's Scala code throws undeclared (the store down): version unknown.
      return null;
    }
  }

  private void evaluate(RunFinished event) {
    try {
      ProductDescriptor d = event.start().product();
      List<Alert> firing = new ArrayList<>();
      Long current = null;
      boolean looked = false;
      for (Alert a : RunAlerts.firing(d, event.result())) {
        if (a.tableVersion() == null) {
          if (!looked) {
            current = versionOf(d);
            looked = true;
          }
          a = a.withTableVersion(current);
        }
        firing.add(a);
      }
      alerting.evaluate(firing, RunAlerts.scope(d, event.result()));
    } catch (Exception | LinkageError e) {
      reporter.accept(
          "alerts of the run of " + event.result().product() + " could not be evaluated (" + MeshErrors.rootMessage(e)
              + "); the run itself is not affected.");
    }
  }
}
