package dev.mesh.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@code mesh <args>} in this JVM against a project home, capturing what it prints. */
final class Cli {
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static synchronized Result run(Path home, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    String oldHome = System.getProperty("mesh.home");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setProperty("mesh.home", home.toString());
      int code = MeshCli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      if (oldHome == null) {
        System.clearProperty("mesh.home");
      } else {
        System.setProperty("mesh.home", oldHome);
      }
    }
  }
}
