package dev.mesh.model;

/** Where a declaration was written, for messages: {@code conf/sales/orders.conf:12}. */
public record Origin(String file, int line) {
  public static final Origin UNKNOWN = new Origin("<unknown>", -1);

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
