package dev.mesh.testing;

/** HOCON declarations of test products over {@link Transforms#NUMBERS}. */
public final class Products {
  private Products() {}

  public static String numbers(String id, String transformClass, String format, String outputExtras, String extra) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = test, contact = "test@example.com" }
          transform.class = "%s"
          output { format = %s %s }
          schema {
            id    { type = bigint, nullable = false }
            day   { type = date, nullable = false }
            value { type = bigint, nullable = false }
          }
          %s
        }
        """
        .formatted(id, transformClass, format, outputExtras, extra);
  }
}
