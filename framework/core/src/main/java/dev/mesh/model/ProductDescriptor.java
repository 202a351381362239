package dev.mesh.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything a domain declares about one data product. Immutable; built once from configuration.
 *
 * @param schedule a cron expression (five fields), or null when the product is run on demand only
 * @param origin the file and line that declared the product
 * @param access who may read the product and who sees its PII in clear
 * @param deprecatedAfter the last day consumers may read the product without error; null when not deprecated
 * @param retries how many times a scheduler (Airflow) retries a failed run, or null for the platform's default
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
    Integer retries) {

  public ProductDescriptor {
    inputs = List.copyOf(inputs);
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
    this(id, owner, description, version, inputs, transform, output, schema, sla, schedule, tags, origin, null, null, null);
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
