package dev.mesh.notebook;

/**
 * One display of a cell: plain text (always, the fallback every front end shows), and optionally HTML and a PNG
 * image. The kernel turns it into a Jupyter display bundle.
 */
public record Output(String text, String html, byte[] png) {
  public static Output text(String text) {
    return new Output(text, null, null);
  }

  public static Output table(ResultTable t) {
    return new Output(Rendering.text(t), Rendering.html(t), null);
  }
}
