package dev.mesh.render;

/** A count with its noun, as a sentence says it: {@code 1 product}, {@code 2 products}, {@code 0 errors}. */
public final class Plural {
  private Plural() {}

  /** {@code n} and {@code noun}, with an s unless n is one (regular nouns only). */
  public static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  /** {@code n} and {@code one} when n is one, else {@code many}: {@code 1 breach}, {@code 2 breaches}. */
  public static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
