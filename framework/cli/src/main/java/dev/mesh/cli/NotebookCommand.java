package dev.mesh.cli;

import dev.mesh.render.Plural;
import dev.mesh.runner.Execution;
import dev.mesh.errors.MeshErrors;
import dev.mesh.notebook.Jupyter;
import dev.mesh.notebook.KernelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh notebook install|run}: the mesh Jupyter kernel, and notebooks executed headlessly through Jupyter. */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    description = {
      "Install the Jupyter kernel, or run notebooks headless.",
      "Cells are Spark SQL over every product by id, with discovery magics "
          + "(%%products, %%describe, %%lineage, %%chart, %%limit, %%help)."
    },
    subcommands = {NotebookCommand.Install.class, NotebookCommand.Run.class})
final class NotebookCommand {

  /** Where the kernelspec goes: a Jupyter data directory, or an installation prefix (share/jupyter below it). */
  static final class Location {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "A Jupyter data directory (default: jupyter --data-dir, ~/.local/share/jupyter)")
    Path dataDir;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "An installation prefix: the kernel goes to PREFIX/share/jupyter/kernels/mesh (e.g. a virtualenv, /usr/local)")
    Path prefix;

    Path resolve(Jupyter jupyter) {
      if (dataDir != null) {
        return dataDir;
      }
      if (prefix != null) {
        return prefix.resolve("share").resolve("jupyter");
      }
      return jupyter.dataDir();
    }
  }

  static String heap() {
    return System.getenv().getOrDefault("MESH_KERNEL_HEAP", "2g");
  }

  /** Further JVM options of the kernel ({@code MESH_KERNEL_JAVA_OPTS}, split on whitespace), e.g. JIT or GC settings. */
  static List<String> javaOptions() {
    String opts = System.getenv().getOrDefault("MESH_KERNEL_JAVA_OPTS", "").strip();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Install the kernelspec 'mesh' (display name \"mesh (Spark SQL)\") for Jupyter.",
        "It runs java with Spark's flags, this build's classpath, and this project's conf and warehouse "
            + "(MESH_WAREHOUSE, MESH_CONF_PATH, -Dmesh.* as set now)."
      })
  static final class Install implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Location location = new Location();

    @Override
    public Integer call() {
      Jupyter jupyter = Jupyter.find();
      Path dir = KernelSpec.forThisProcess(heap(), javaOptions()).install(location.resolve(jupyter));
      System.out.println("Installed the Jupyter kernel 'mesh' (mesh (Spark SQL)) in " + dir);
      if (!jupyter.available()) {
        System.err.println("mesh: Jupyter itself is not installed; install it with: " + Jupyter.INSTALL_HINT);
      }
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Execute notebooks headlessly through Jupyter with the mesh kernel against this project's warehouse.",
        "Runs nbclient (as jupyter nbconvert --execute). Fails (exit 1) when a cell raises an error; that notebook's input "
            + "is then left untouched.",
        "Installs the kernelspec first when it is missing. Several notebooks run side by side (--parallel), one kernel each."
      })
  static final class Run implements Callable<Integer> {
    @Parameters(paramLabel = "NOTEBOOK", arity = "1..*", description = "The .ipynb files")
    List<Path> notebooks;

    static final class Destination {
      @Option(names = "--inplace", description = "Write the outputs into each NOTEBOOK itself (only when every cell succeeded)")
      boolean inplace;

      @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the executed notebook to FILE (one notebook only)")
      Path output;

      @Option(names = "--output-dir", paramLabel = "DIR", description = "Write each executed notebook to DIR under its own name")
      Path outputDir;
    }

    @ArgGroup(exclusive = true)
    Destination destination = new Destination();

    @ArgGroup(exclusive = true)
    Location location = new Location();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Seconds a cell may run (default ${DEFAULT-VALUE})")
    int timeout = 600;

    // One at a time by default: on 2 cores, two kernels side by side took as long as one after the other (150 s vs
    // 142 s for the four notebooks), since starting a kernel is CPU-bound; more cores make --parallel worth it.
    @Option(names = "--parallel", paramLabel = "N", description = "Notebooks executed at the same time, each with its own kernel (default ${DEFAULT-VALUE})")
    int parallel = 1;

    @Override
    public Integer call() throws Exception {
      for (Path notebook : notebooks) {
        if (!Files.isRegularFile(notebook)) {
          throw MeshErrors.usage("Cannot run " + notebook + ": no such file. Notebooks live in notebooks/, e.g. bin/mesh notebook run notebooks/01-discovery.ipynb");
        }
      }
      if (destination.output != null && notebooks.size() > 1) {
        throw MeshErrors.usage("--output names one file but " + notebooks.size() + " notebooks were given: use --output-dir DIR or --inplace");
      }
      if (parallel < 1) {
        throw MeshErrors.usage("--parallel must be at least 1, got " + parallel);
      }
      Jupyter jupyter = Jupyter.find();
      if (!jupyter.available()) {
        throw jupyter.notInstalled();
      }
      KernelSpec kernel = KernelSpec.forThisProcess(heap(), javaOptions());
      Path dataDir = location.resolve(jupyter);
      // An explicit location is put first on JUPYTER_PATH; the default one is where Jupyter looks anyway.
      Path jupyterPath = location.dataDir != null || location.prefix != null ? dataDir : null;
      Path runKernel = null; // a kernelspec for this run only, removed when it ends
      if (!Files.exists(KernelSpec.dir(dataDir).resolve("kernel.json"))) {
        System.err.println("mesh: installed the Jupyter kernel 'mesh' in " + kernel.install(dataDir));
      } else if (!kernel.installedIn(dataDir)) {
        // Another build's or project's kernel: use this one for this run, leave the installed one as it is.
        runKernel = Files.createTempDirectory("mesh-jupyter");
        jupyterPath = runKernel;
        kernel.install(jupyterPath);
        System.err.println("mesh: the kernel 'mesh' in " + KernelSpec.dir(dataDir) + " is another build's or warehouse's;"
            + " this run uses the current one (update it with: bin/mesh notebook install)");
      }
      if (destination.outputDir != null) {
        Files.createDirectories(destination.outputDir);
      }
      // Each notebook is executed into a directory of its own first: its destination is written only once Jupyter is
      // done. The directory goes when the run ends, unless it holds the one copy of a failed notebook run --inplace.
      List<Jupyter.Job> jobs = new java.util.ArrayList<>();
      List<Path> scratchDirs = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by the clean-up hook too
      java.util.Set<Path> kept = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<String> failures = new java.util.ArrayList<>();
      Path kernelOfThisRun = runKernel;
      // Asked to stop (SIGTERM, Ctrl-C): once Jupyter has stopped the notebooks under way and their kernels, their
      // directories go too (this thread's finally below does not run then).
      Runnable cleanUp = () -> removeScratch(scratchDirs, kept, kernelOfThisRun);
      org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(cleanUp, Jupyter.CLEAN_UP_PRIORITY);
      try {
        for (Path notebook : notebooks) {
          Path scratchDir = Files.createTempDirectory("mesh-notebook");
          scratchDirs.add(scratchDir);
          jobs.add(new Jupyter.Job(notebook, scratchDir.resolve(destination(notebook).getFileName().toString())));
        }
        jupyter.execute(jobs, jupyterPath, timeout, parallel, run -> {
          String failure = outcome(run);
          if (failure != null) {
            failures.add(failure);
            if (destination.inplace && run.executed() != null) {
              kept.add(run.executed().getParent());
            }
          }
        });
      } finally {
        try {
          org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(cleanUp);
        } catch (IllegalStateException shuttingDown) {
          // the process is stopping: the hook removes the directories
        }
        removeScratch(scratchDirs, kept, runKernel);
      }
      if (!failures.isEmpty()) {
        throw new dev.mesh.errors.MeshException(dev.mesh.errors.ErrorKind.FAILED, String.join("\n", failures));
      }
      return 0;
    }

    /** The directories the notebooks executed in, but those {@code kept}, and this run's own kernelspec (may be null). */
    private static synchronized void removeScratch(List<Path> scratchDirs, java.util.Set<Path> kept, Path runKernel) {
      for (Path dir : List.copyOf(scratchDirs)) {
        if (!kept.contains(dir)) {
          TempDirectory.delete(dir);
        }
      }
      TempDirectory.delete(runKernel);
    }

    /** Where the executed copy of {@code notebook} goes. */
    private Path destination(Path notebook) {
      String name = notebook.getFileName().toString();
      return destination.inplace ? notebook
          : destination.output != null ? destination.output
          : destination.outputDir != null ? destination.outputDir.resolve(name)
          : notebook.resolveSibling(name.replaceFirst("\\.ipynb$", "") + ".nbconvert.ipynb");
    }

    /**
     * Puts an executed notebook where it belongs and says so; returns null when every cell succeeded, else what failed
     * and where the outputs are (run --inplace, a failed notebook's copy stays in its scratch directory).
     */
    private String outcome(Jupyter.Execution run) {
      Path notebook = run.job().notebook();
      Path output = destination(notebook);
      if (run.failure() != null) {
        return run.failure();
      }
      if (!run.errors().isEmpty()) {
        Path kept = destination.inplace ? run.executed() : output;
        if (!destination.inplace) {
          Jupyter.moveTo(run.executed(), output);
        }
        return "Notebook " + notebook + " failed: " + Plural.count(run.errors().size(), "cell") + " raised an error:\n  "
            + String.join("\n  ", run.errors()) + "\nThe executed notebook, with the errors, is " + kept
            + (destination.inplace ? " (" + notebook + " is unchanged)" : "");
      }
      Jupyter.moveTo(run.executed(), output);
      System.out.println("Executed " + notebook + " in " + String.format(java.util.Locale.ROOT, "%.1f", run.millis() / 1000.0)
          + " s: every cell succeeded; outputs in " + output);
      return null;
    }
  }
}
