package dev.mesh.render;

/** A count with its noun, as a sentence says it: {@code 1 product}, {@code 2 products}, {@code 0 errors}. */
public final class Plural {
  private Plural() {}

  /** {@code n} and {@code noun}, with an s unless n is one (regular nouns only). */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
