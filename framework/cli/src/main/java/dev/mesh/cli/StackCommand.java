package dev.mesh.cli;

import dev.mesh.render.TablePrinter;
import dev.mesh.runner.ExitCode;
import dev.mesh.stack.ServiceStatus;
import dev.mesh.stack.Stack;
import dev.mesh.stack.StackEndpoints;
import dev.mesh.stack.StackException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh stack up|down|status|env}: the shared services on this machine (PostgreSQL, the Iceberg REST catalog,
 * the Hive metastore, and with {@code up --on-store} S3Proxy holding the warehouse), state under {@code
 * <project>/stack}.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start, inspect and stop the shared catalog services (PostgreSQL, Iceberg REST catalog, Hive metastore) here.",
      "With 'up --on-store' also an S3-compatible object store (S3Proxy) that holds the warehouse (s3a://mesh/warehouse).",
      "Each runs on a free port of 127.0.0.1; the REST catalog and the metastore keep their state in PostgreSQL.",
      "State, data and logs live under <project>/stack. Then: eval \"$(bin/mesh stack env)\"."
    },
    subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class, StackCommand.Env.class})
final class StackCommand {

  /** Where the stack's state is: {@code --state-dir}, else {@code <mesh.home>/stack}. */
  static final class StateDir {
    @Option(names = "--state-dir", paramLabel = "DIR", description = "The stack's state directory (default: <project>/stack)")
    Path dir;

    Stack stack() {
      if (dir != null) {
        return Stack.in(dir);
      }
      String home = System.getProperty("mesh.home", System.getenv().getOrDefault("MESH_HOME", "."));
      return Stack.in(Path.of(home).resolve("stack"));
    }
  }

  /** A stack failure is one line on stderr and exit 1. */
  private static int failed(StackException e) {
    System.err.println("mesh: " + e.getMessage());
    return ExitCode.RUN_FAILED.code();
  }

  @Command(name = "up", mixinStandardHelpOptions = true, description = "Start every service and wait until each answers (a stack already up is left as it is).")
  static final class Up implements Callable<Integer> {
    @CommandLine.Mixin StateDir state = new StateDir();

    @Option(
        names = "--on-store",
        description = {
          "Also start S3Proxy, an S3-compatible object store (its files under <state-dir>/s3), and put the warehouse on "
              + "it: s3a://mesh/warehouse. A stack first started this way stays on its store; one first started without it "
              + "is not moved (use another --state-dir)."
        })
    boolean onStore;

    @Override
    public Integer call() {
      Stack stack = onStore ? state.stack().onStore() : state.stack();
      try {
        if (!stack.isUp()) {
          System.err.println("mesh: starting PostgreSQL, the Iceberg REST catalog" + (onStore ? ", the Hive metastore and S3Proxy" : " and the Hive metastore")
              + " in " + stack.stateDir() + " ...");
        }
        Stack.Started started = stack.up();
        StackEndpoints e = started.endpoints();
        System.out.println(started.alreadyUp() ? "The stack is already up (" + stack.stateDir() + "):" : "The stack is up (" + stack.stateDir() + "):");
        System.out.println("  Iceberg REST catalog  " + e.catalogUri());
        System.out.println("  Hive metastore        " + e.metastoreUri());
        System.out.println("  PostgreSQL            " + e.postgresUrl() + ", " + e.icebergCatalogUrl() + " (user " + e.postgresUser() + ")");
        if (e.onStore()) {
          System.out.println("  object store (S3)     " + e.store().endpoint() + ", bucket " + e.store().bucket() + " (keys: bin/mesh stack env)");
        }
        System.out.println("  warehouse             " + e.warehouseUri());
        System.out.println("Use it from this shell: eval \"$(bin/mesh stack env)\"; stop it: bin/mesh stack down");
        return ExitCode.SUCCESS.code();
      } catch (StackException e) {
        return failed(e);
      }
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every service; their data stays for the next 'stack up'.")
  static final class Down implements Callable<Integer> {
    @CommandLine.Mixin StateDir state = new StateDir();

    @Override
    public Integer call() {
      Stack stack = state.stack();
      try {
        System.out.println(stack.down() ? "The stack is down (" + stack.stateDir() + ")." : "The stack is not up (" + stack.stateDir() + "): nothing to stop.");
        return ExitCode.SUCCESS.code();
      } catch (StackException e) {
        return failed(e);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Each service: running or not, endpoint, pid, log. Exit 0 when every service runs, 1 otherwise.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin StateDir state = new StateDir();

    @Override
    public Integer call() {
      Stack stack = state.stack();
      try {
        List<ServiceStatus> services = stack.status();
        TablePrinter.printAligned(
            System.out, List.of("service", "status", "endpoint", "pid", "log"),
            services.stream()
                .map(s -> List.of(s.name(), s.running() ? "running" : "stopped", s.endpoint(), s.pid() > 0 ? String.valueOf(s.pid()) : "", s.log().toString()))
                .toList());
        return stack.isUp() ? ExitCode.SUCCESS.code() : ExitCode.RUN_FAILED.code();
      } catch (StackException e) {
        return failed(e);
      }
    }
  }

  @Command(
      name = "env",
      mixinStandardHelpOptions = true,
      description = {
        "Print the variables a shell or a Spark session needs, as export lines: eval \"$(bin/mesh stack env)\".",
        "MESH_ENV, MESH_CATALOG_URI (Iceberg REST), MESH_METASTORE_URI, MESH_WAREHOUSE, MESH_PG_URL, MESH_PG_USER, MESH_PG_PASSWORD;",
        "on the object store also MESH_S3_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (read by s3a, never by mesh)."
      })
  static final class Env implements Callable<Integer> {
    @CommandLine.Mixin StateDir state = new StateDir();

    @Override
    public Integer call() {
      try {
        // stdout carries nothing but the export lines: it is eval'ed.
        state.stack().endpoints().exports().forEach(System.out::println);
        return ExitCode.SUCCESS.code();
      } catch (StackException e) {
        return failed(e);
      }
    }
  }
}
