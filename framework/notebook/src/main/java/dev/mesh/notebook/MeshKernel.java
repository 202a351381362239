package dev.mesh.notebook;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The mesh Jupyter kernel: cells are Spark SQL over every product and catalog table by id, plus discovery magics
 * (see {@link NotebookSession}). Jupyter starts it as {@code java ... dev.mesh.notebook.MeshKernel <connection file>}
 * (the kernelspec {@code mesh notebook install} writes). The mesh configuration is loaded as bin/mesh loads it
 * ({@code -Dmesh.home}, {@code MESH_WAREHOUSE}, {@code MESH_CONF_PATH}, {@code -Dmesh.*}); Spark starts in the
 * background while Jupyter connects, and a configuration error is reported by every cell rather than killing the
 * kernel.
 */
public final class MeshKernel extends BaseKernel {
  private final CompletableFuture<NotebookSession> session;

  MeshKernel(Supplier<NotebookSession> start) {
    this.session = CompletableFuture.supplyAsync(start);
    setShouldReplaceStdStreams(true);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: java ... dev.mesh.notebook.MeshKernel <connection file>: Jupyter starts the kernel this way;"
          + " install its kernelspec with: bin/mesh notebook install");
      System.exit(2);
    }
    // Logging starts here, before the Jupyter channels and Spark's background start race to initialize it (SLF4J
    // would then print "substitute loggers" warnings into the first cell's output).
    org.slf4j.LoggerFactory.getLogger(MeshKernel.class);
    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JupyterConnection connection = new JupyterConnection(props);
    MeshKernel kernel = new MeshKernel(MeshKernel::startSession);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    kernel.stopSpark();
    System.exit(0);
  }

  /** Loads the mesh configuration and starts Spark, read only: the catalog tables are neither created nor compacted. */
  static NotebookSession startSession() {
    // Cells read as MESH_DOMAIN, or as no domain (public output ports only).
    Mesh mesh = Mesh.open().readingAs(null);
    return new NotebookSession(mesh.spark(), mesh.config(), Clock.systemUTC());
  }

  private NotebookSession session() {
    try {
      return session.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new NotebookException(
          "The mesh kernel could not start: " + MeshErrors.rootMessage(cause).strip()
              + "\nFix the configuration (bin/mesh validate shows every problem), then restart the kernel.", cause);
    }
  }

  @Override
  public DisplayData eval(String code) throws Exception {
    List<Output> outputs = session().eval(code);
    if (outputs.isEmpty()) {
      return null;
    }
    for (int i = 0; i < outputs.size() - 1; i++) {
      display(toDisplay(outputs.get(i)));
    }
    return toDisplay(outputs.get(outputs.size() - 1));
  }

  static DisplayData toDisplay(Output o) {
    DisplayData d = new DisplayData(o.text());
    if (o.html() != null) {
      d.putHTML(o.html());
    }
    if (o.png() != null) {
      d.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(o.png()));
    }
    return d;
  }

  /** An analyst's error is its message alone; anything else also names its type, without a Java stack trace. */
  @Override
  public List<String> formatError(Exception e) {
    String message = e instanceof NotebookException ? e.getMessage() : e.getClass().getSimpleName() + ": " + MeshErrors.rootMessage(e);
    return List.of(message.split("\n"));
  }

  @Override
  public LanguageInfo getLanguageInfo() {
    return new LanguageInfo("sql", org.apache.spark.package$.MODULE$.SPARK_VERSION(), "text/x-sql", ".sql", "sql", "sql", "script");
  }

  @Override
  public String getBanner() {
    return "mesh: Spark SQL over every data product by id (sales.orders), the catalog as mesh.*; %help lists the magics";
  }

  @Override
  public void interrupt() {
    if (session.isDone() && !session.isCompletedExceptionally()) {
      session.join().interrupt();
    }
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    stopSpark();
  }

  private void stopSpark() {
    if (session.isDone() && !session.isCompletedExceptionally()) {
      session.join().spark().stop();
    }
  }
}
