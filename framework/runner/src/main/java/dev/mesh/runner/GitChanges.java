package dev.mesh.runner;

import dev.mesh.errors.MeshErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The files of a project that differ from a git commit, as {@code git} itself says: changed since the commit,
 * committed or not, and new files git does not ignore.
 */
final class GitChanges {
  private GitChanges() {}

  /** Every file below {@code home} that differs from {@code ref}, as absolute paths. */
  static List<Path> since(Path home, String ref) {
    Path dir = home.toAbsolutePath().normalize();
    List<Path> out = new ArrayList<>();
    for (String f : git(dir, ref, "diff", "--name-only", "--relative", ref, "--")) {
      out.add(dir.resolve(f));
    }
    for (String f : git(dir, ref, "ls-files", "--others", "--exclude-standard")) {
      out.add(dir.resolve(f));
    }
    return out;
  }

  private static List<String> git(Path dir, String ref, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).start();
    } catch (IOException e) {
      throw MeshErrors.usage("--changed-since needs git on the PATH to compare the project with " + ref + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
      String out = text(p.getInputStream());
      int code = p.waitFor();
      if (code != 0) {
        throw MeshErrors.usage("--changed-since " + ref + ": git " + args[0] + " in " + dir + " failed: "
            + err.join().strip().replace('\n', ' ') + ". Give a commit, branch or tag of the project's repository (e.g. origin/main).");
      }
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking git what changed", e);
    }
  }

  private static String text(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
