package dev.mesh.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The installed Jupyter, driven as a subprocess: where it keeps kernelspecs, and executing a notebook headlessly
 * with nbclient (what {@code jupyter nbconvert --execute} runs; Debian's {@code python3-nbclient}). The Python used
 * is {@code $MESH_PYTHON}, else the first of {@code python3} and {@code /usr/bin/python3} that has nbclient (a
 * pyenv or virtualenv {@code python3} first on PATH does not see Debian's packages).
 */
public final class Jupyter {
  public static final String INSTALL_HINT =
      "apt-get install jupyter-notebook python3-nbclient python3-nbconvert python3-ipykernel";
  private static final String PROBE = "import nbclient, nbformat, jupyter_core";

  private final String python;

  private Jupyter(String python) {
    this.python = python;
  }

  /** The Jupyter of this machine (check {@link #available()} before running anything). */
  public static Jupyter find() {
    String explicit = System.getenv("MESH_PYTHON");
    if (explicit != null && !explicit.isBlank()) {
      return new Jupyter(explicit);
    }
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      if (runs(candidate)) {
        return new Jupyter(candidate);
      }
    }
    return new Jupyter("python3");
  }

  private static boolean runs(String python) {
    try {
      return exec(List.of(python, "-c", PROBE), Map.of(), 60).exit() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether nbclient and a kernel manager can be imported here. */
  public boolean available() {
    return runs(python);
  }

  public MeshException notInstalled() {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run notebooks: Jupyter is not installed (" + python + " cannot import nbclient). Install it with: "
            + INSTALL_HINT + ". If Jupyter is installed for another Python (e.g. a pyenv or virtualenv python3 first on"
            + " PATH), point MESH_PYTHON at that interpreter" + (System.getenv("MESH_PYTHON") == null ? "" : " (now: " + System.getenv("MESH_PYTHON") + ")") + ".");
  }

  /** The user's Jupyter data directory, as Jupyter itself computes it (else ~/.local/share/jupyter). */
  public Path dataDir() {
    try {
      Result r = exec(List.of(python, "-c", "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())"), Map.of(), 60);
      if (r.exit() == 0 && !r.stdout().isBlank()) {
        return Path.of(r.stdout().strip());
      }
    } catch (RuntimeException e) {
      // no Jupyter: fall back to its documented default
    }
    String env = System.getenv("JUPYTER_DATA_DIR");
    return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
  }

  /** A notebook to execute, and the new file its executed copy is written to (the notebook itself is not touched). */
  public record Job(Path notebook, Path output) {}

  /**
   * A notebook's execution: the executed copy and every cell error in it (empty when all ran), or, when it could not be
   * executed at all (the kernel did not start), {@code failure} says why and there is no copy.
   */
  public record Execution(Job job, Path executed, List<String> errors, long millis, String failure) {}

  /** The priority of the hook that stops Python and its kernels: above {@link #CLEAN_UP_PRIORITY}. */
  static final int STOP_PRIORITY = 100;

  /** For a caller's clean-up after the notebooks stopped (the directories they execute in). */
  public static final int CLEAN_UP_PRIORITY = 90;

  /** How long Python is given to shut its kernels down when mesh is asked to stop. */
  static final int STOP_SECONDS = 15;

  /**
   * Executes {@code jobs} with the mesh kernel, {@code parallel} at a time, each in a kernel of its own, keeping
   * going after a failing cell so that every error is reported; {@code each} hears of every notebook as it ends.
   * One Python process runs them all: Jupyter gives the kernels of one process distinct ports (kernels started side
   * by side from separate processes could be handed the same port, and the one that lost it never answered).
   * {@code jupyterPath} (may be null) is put first on JUPYTER_PATH so its kernelspec is the one used.
   */
  public void execute(List<Job> jobs, Path jupyterPath, int cellTimeoutSeconds, int parallel, java.util.function.Consumer<Execution> each) {
    String driver;
    try (var in = Jupyter.class.getResourceAsStream("execute_notebook.py")) {
      driver = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("execute_notebook.py is missing from the mesh build", e);
    }
    var spec = KernelSpec.MAPPER.createObjectNode()
        .put("timeout", cellTimeoutSeconds).put("kernel", KernelSpec.NAME).put("parallel", parallel);
    var notebooks = spec.putArray("notebooks");
    for (Job j : jobs) {
      notebooks.addObject().put("source", j.notebook().toAbsolutePath().toString()).put("output", j.output().toAbsolutePath().toString());
    }
    ProcessBuilder pb = new ProcessBuilder(python, "-c", driver, spec.toString());
    if (jupyterPath != null) {
      String existing = System.getenv("JUPYTER_PATH");
      pb.environment().put("JUPYTER_PATH",
          jupyterPath.toAbsolutePath() + (existing == null || existing.isBlank() ? "" : java.io.File.pathSeparator + existing));
    }
    java.util.Set<Integer> reported = new java.util.HashSet<>();
    Path err;
    try {
      err = Files.createTempFile("mesh-jupyter", ".err");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary file: " + e.getMessage(), e);
    }
    try {
      // Its stdin stays open while this process waits: when it closes (asked to stop, or this process is gone), the
      // driver cancels its notebooks (execute_notebook.py).
      pb.redirectError(err.toFile());
      Process p = pb.start();
      java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable stop = () -> {
        stopping.set(true);
        stop(p, System.err);
        deleteQuietly(err);
      };
      // Hadoop's hook manager runs hooks one after another by priority: this one before the caller's clean-up of the
      // directories the notebooks execute in ({@link #CLEAN_UP_PRIORITY}).
      org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(stop, STOP_PRIORITY, STOP_SECONDS + 5L, TimeUnit.SECONDS);
      int exit;
      try {
        exit = read(p, jobs, reported, each);
      } finally {
        try {
          org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
          // the process is stopping: the hook runs now and stops Python and its kernels
        }
      }
      if (reported.size() < jobs.size() && !stopping.get()) { // stopped: not the notebooks' failure, and said so
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        for (int i = 0; i < jobs.size(); i++) {
          if (!reported.contains(i)) {
            each.accept(new Execution(jobs.get(i), null, List.of(), 0, "Notebook " + jobs.get(i).notebook() + " could not be executed ("
                + python + " with nbclient exited with " + exit + "):\n" + tail(stderr, 30)
                + "\nDoes the mesh kernel start? Check its kernelspec with: jupyter kernelspec list"));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + python + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while executing notebooks", e);
    } finally {
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path temporaryFile) {
    try {
      Files.deleteIfExists(temporaryFile);
    } catch (IOException ignored) {
      // a temporary file; nothing depends on it
    }
  }

  /**
   * The outcome lines of the Python process, one per notebook as each ends, handed to {@code each}; then its exit
   * code.
   */
  private int read(Process p, List<Job> jobs, java.util.Set<Integer> reported, java.util.function.Consumer<Execution> each)
      throws IOException, InterruptedException {
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode ended;
        try {
          ended = KernelSpec.MAPPER.readTree(line);
        } catch (IOException notOurs) {
          continue; // a line a kernel or library printed, not an outcome
        }
        if (!ended.has("index")) {
          continue;
        }
        int index = ended.path("index").asInt();
        Job job = jobs.get(index);
        reported.add(index);
        long millis = ended.path("millis").asLong();
        if (!ended.path("error").isNull() || !Files.isRegularFile(job.output())) {
          String why = ended.path("error").isNull() ? "no executed copy was written" : tail(ended.path("error").asText(), 12);
          each.accept(new Execution(job, null, List.of(), millis, "Notebook " + job.notebook() + " could not be executed ("
              + python + " with nbclient):\n" + why + "\nDoes the mesh kernel start? Check its kernelspec with: jupyter kernelspec list"));
        } else {
          each.accept(new Execution(job, job.output(), errors(job.output()), millis, null));
        }
      }
    }
    int exit = p.waitFor();
    p.getOutputStream().close();
    return exit;
  }

  /**
   * Stops the notebooks under way when this process is asked to stop (SIGTERM, Ctrl-C) before they end: closes the
   * Python process's stdin, on which it cancels them and starts no other, and waits for it; a kernel it started that
   * is still there then, or the process itself after {@link #STOP_SECONDS}, is stopped (SIGTERM, then SIGKILL). Without
   * it, Python and its kernels (a JVM of gigabytes each) would go on to the end of the notebooks with no one to read
   * them.
   */
  static void stop(Process python, java.io.PrintStream err) {
    if (!python.isAlive()) {
      return;
    }
    err.println();
    err.println("mesh: stopping the notebooks under way and their kernels (waiting up to " + STOP_SECONDS + " s); "
        + "notebooks already executed are written.");
    // Seen while it stops: once Python has ended, its kernels are no longer its descendants.
    java.util.Set<ProcessHandle> kernels = new java.util.LinkedHashSet<>(python.descendants().toList());
    try {
      python.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // Python ended or is ending
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
    try {
      while (python.isAlive() && System.nanoTime() < deadline) {
        kernels.addAll(python.descendants().toList());
        python.waitFor(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    python.destroyForcibly();
    kernels.removeIf(h -> !h.isAlive());
    kernels.forEach(ProcessHandle::destroy);
    for (ProcessHandle kernel : kernels) {
      try {
        kernel.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        kernel.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kernel.destroyForcibly();
      }
    }
  }

  /** Every error output of an executed notebook, as "cell N: name: message". */
  public static List<String> errors(Path notebook) {
    List<String> out = new ArrayList<>();
    try {
      JsonNode cells = KernelSpec.MAPPER.readTree(notebook.toFile()).path("cells");
      int code = 0;
      for (JsonNode cell : cells) {
        if (!"code".equals(cell.path("cell_type").asText())) {
          continue;
        }
        code++;
        for (JsonNode o : cell.path("outputs")) {
          if ("error".equals(o.path("output_type").asText())) {
            out.add("code cell " + code + ": " + o.path("ename").asText() + ": " + o.path("evalue").asText());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the executed notebook " + notebook, e);
    }
    return out;
  }

  /** Moves the executed notebook to its destination (replacing it). */
  public static void moveTo(Path executed, Path destination) {
    try {
      Path parent = destination.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.move(executed, destination, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + destination + ": " + e.getMessage(), e);
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    try {
      Path out = Files.createTempFile("mesh-jupyter", ".out");
      Path err = Files.createTempFile("mesh-jupyter", ".err");
      try {
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (timeoutSeconds > 0 && !p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(-1, "", "timed out after " + timeoutSeconds + " s");
        }
        int exit = p.waitFor();
        return new Result(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + String.join(" ", cmd), e);
    }
  }

  private static String tail(String s, int lines) {
    String[] all = s.strip().split("\n");
    return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
  }
}
