package dev.mesh.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a domain declares about one data product. Immutable; built once from configuration.
 *
 * @param schedule a cron expression (five fields), or null when the product is run on demand only
 * @param origin the file and line that declared the product
 * @param access who may read the product and who sees its PII in clear
 * @param deprecatedAfter the last day consumers may read the product without error; null when not deprecated
 * @param retries how many times a scheduler (Airflow) retries a failed run, or null for the platform's default
 * @param declaredAt where each value was declared, by its key under {@code product} ({@code description},
 *     {@code schema.email.pii}): the product's file, or its domain.conf for a value the domain gives; see {@link
 *     #originOf}
 */
public record ProductDescriptor(
    ProductId id,
    Owner owner,
    String description,
    String version,
    List<InputSpec> inputs,
    TransformSpec transform,
    OutputSpec output,
    SchemaContract schema,
    SlaSpec sla,
    String schedule,
    List<String> tags,
    Origin origin,
    AccessSpec access,
    LocalDate deprecatedAfter,
    Integer retries,
    Map<String, Origin> declaredAt) {

  public ProductDescriptor {
    inputs = List.copyOf(inputs);
    declaredAt = declaredAt == null ? Map.of() : Map.copyOf(declaredAt);
    tags = List.copyOf(tags);
    access = access == null ? AccessSpec.publicAccess() : access;
    if (retries != null && retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
  }

  /** A public product, not deprecated, without a declared retry count. */
  public ProductDescriptor(
      ProductId id,
      Owner owner,
      String description,
      String version,
      List<InputSpec> inputs,
      TransformSpec transform,
      OutputSpec output,
      SchemaContract schema,
      SlaSpec sla,
      String schedule,
      List<String> tags,
      Origin origin) {
    this(id, owner, description, version, inputs, transform, output, schema, sla, schedule, tags, origin, null, null, null, null);
  }

  /**
   * Where {@code key} (a key under {@code product}, its parts unquoted: {@code output.format}, {@code schema.email}) is
   * declared: the value's own file and line; for an object, its first line; for a key not declared, where the
   * nearest enclosing key is ({@code sla} for a missing {@code sla.freshness}), else the product's.
   */
  public Origin originOf(String key) {
    for (String k = key; !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : "") {
      Origin exact = declaredAt.get(k);
      if (exact != null) {
        return exact;
      }
      String prefix = k + ".";
      // An object: its first line in the product's own file, else (all of it from the domain.conf) its first there.
      Optional<Origin> first =
          declaredAt.entrySet().stream()
              .filter(e -> e.getKey().startsWith(prefix))
              .map(Map.Entry::getValue)
              .min(java.util.Comparator.comparing((Origin o) -> !o.file().equals(origin.file())).thenComparingInt(Origin::line));
      if (first.isPresent()) {
        return first.get();
      }
    }
    return origin;
  }

  public String domain() {
    return id.domain();
  }

  /** The ids of the products this one reads. */
  public List<ProductId> upstream() {
    return inputs.stream()
        .filter(i -> i instanceof InputSpec.ProductInput)
        .map(i -> ((InputSpec.ProductInput) i).product())
        .toList();
  }

  public Optional<InputSpec> input(String alias) {
    return inputs.stream().filter(i -> i.alias().equals(alias)).findFirst();
  }
}
