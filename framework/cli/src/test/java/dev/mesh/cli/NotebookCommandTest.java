package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh notebook run}'s usage errors, caught before Jupyter is looked for (no Jupyter, no Spark needed). */
class NotebookCommandTest {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    PrintStream stderr = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 2];
      all[0] = "notebook";
      all[1] = "run";
      System.arraycopy(args, 0, all, 2, args.length);
      return new Outcome(MeshCli.execute(all), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void oneOutputFileForSeveralNotebooksIsAUsageError() throws IOException {
    Path a = Files.writeString(dir.resolve("a.ipynb"), "{}");
    Path b = Files.writeString(dir.resolve("b.ipynb"), "{}");

    Outcome o = run(a.toString(), b.toString(), "-o", dir.resolve("out.ipynb").toString());

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--output names one file but 2 notebooks were given").contains("--output-dir");
  }

  @Test
  void aMissingNotebookIsNamed() {
    Outcome o = run(dir.resolve("nope.ipynb").toString());

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("Cannot run " + dir.resolve("nope.ipynb")).contains("no such file");
  }
}
