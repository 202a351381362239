package dev.mesh.model;

import java.util.regex.Pattern;

/**
 * The id of a data product, {@code <domain>.<name>}: also the name analysts query it by.
 *
 * @param domain the owning domain, e.g. {@code sales}
 * @param name the product's name within its domain, e.g. {@code revenue_by_nation}
 */
public record ProductId(String domain, String name) implements Comparable<ProductId> {

  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*");

  public ProductId {
    if (!isValidPart(domain) || !isValidPart(name)) {
      throw new IllegalArgumentException(
          "Invalid product id '" + domain + "." + name + "': expected <domain>.<name> in lower snake_case");
    }
  }

  /** Parses {@code sales.revenue}; throws {@link IllegalArgumentException} with the reason otherwise. */
  public static ProductId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Product id is missing");
    }
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length != 2 || !isValidPart(parts[0]) || !isValidPart(parts[1])) {
      throw new IllegalArgumentException(
          "Invalid product id '" + text + "': expected <domain>.<name> in lower snake_case, e.g. sales.orders");
    }
    return new ProductId(parts[0], parts[1]);
  }

  public static boolean isValidPart(String part) {
    return part != null && PART.matcher(part).matches();
  }

  @Override
  public String toString() {
    return domain + "." + name;
  }

  @Override
  public int compareTo(ProductId o) {
    return toString().compareTo(o.toString());
  }
}
