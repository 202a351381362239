package dev.mesh.runner;

import dev.mesh.model.ProductId;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live progress of a mesh run, one line per event so it reads the same in a terminal and in a log: a line when a
 * run starts and when it ends (with done/total, elapsed time and what is still running), and, while runs are under
 * way and nothing else happened for a while, a line saying what is running and for how long.
 */
public final class ProgressPrinter implements MeshRunner.Listener, AutoCloseable {
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService heartbeat;
  private MeshRunner.Progress last = new MeshRunner.Progress(0, 0, List.of());
  private long lastLine = System.nanoTime();
  private final long quietNanos;

  ProgressPrinter(PrintStream out) {
    this(out, Duration.ofSeconds(30));
  }

  ProgressPrinter(PrintStream out, Duration quiet) {
    this.out = out;
    this.quietNanos = quiet.toNanos();
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mesh-progress");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, quiet.toMillis() / 2);
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void started(ProductId product, LocalDate date, MeshRunner.Progress progress) {
    last = progress;
    print(String.format(Locale.ROOT, "%-9s %s  %s", "started", product, date), progress);
  }

  @Override
  public synchronized void finished(RunResult r, MeshRunner.Progress progress) {
    last = progress;
    String detail =
        r.status() == RunStatus.SKIPPED || r.status() == RunStatus.HELD
            ? "  (" + r.error() + ")"
            : String.format(
                Locale.ROOT, "  (%d rows, %.1fs)%s", r.rowsWritten(), r.duration().toMillis() / 1000.0,
                r.quality() != null && !r.quality().outcomes().isEmpty() ? "  quality: " + r.quality().summary() : "");
    print(String.format(Locale.ROOT, "%-9s %s  %s%s", r.status().label(), r.product(), r.logicalDate(), detail), progress);
  }

  private synchronized void beat() {
    if (last.running().isEmpty() || System.nanoTime() - lastLine < quietNanos) {
      return;
    }
    Instant now = Instant.now();
    List<String> parts = new ArrayList<>();
    for (MeshRunner.Running r : last.running()) {
      parts.add(r.product() + " " + r.date() + " " + Duration.between(r.since(), now).toSeconds() + "s");
    }
    out.printf(Locale.ROOT, "[%s] %d/%d  still running: %s%n", elapsed(), last.done(), last.total(), String.join(", ", parts));
    lastLine = System.nanoTime();
  }

  private void print(String event, MeshRunner.Progress p) {
    List<String> names = new ArrayList<>();
    for (MeshRunner.Running r : p.running()) {
      names.add(r.product().toString());
    }
    out.printf(
        Locale.ROOT, "[%s] %d/%d  %s%s%n", elapsed(), p.done(), p.total(), event,
        names.isEmpty() ? "" : "  | running: " + String.join(", ", names));
    lastLine = System.nanoTime();
  }

  private String elapsed() {
    long s = (System.nanoTime() - start) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
  }
}
