package dev.mesh.testing;

/** HOCON declarations of test products. */
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

  /**
   * A product with an owner, {@code inputs} (HOCON inside {@code inputs { }}), a transform line ({@code transform.sql =
   * x.sql} or {@code transform.class = "..."}), Delta output and {@code schema} (HOCON inside {@code schema { }}).
   */
  public static String reading(String id, String inputs, String transform, String schema) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = t, contact = "t@example.com" }
          inputs { %s }
          %s
          output { format = delta }
          schema { %s }
        }
        """
        .formatted(id, inputs, transform, schema);
  }
}
