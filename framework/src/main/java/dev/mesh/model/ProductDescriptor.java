package dev.mesh.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything a domain declares about one data product. Immutable; built once from configuration.
 *
 * @param schedule a cron expression (five fields), or null when the product is run on demand only
 * @param origin the file and line that declared the product
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
    Integer retries) {

  public ProductDescriptor {
    inputs = List.copyOf(inputs);
    tags = List.copyOf(tags);
    if (retries != null && retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
  }

  /** A product without a declared retry count. */
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
    this(id, owner, description, version, inputs, transform, output, schema, sla, schedule, tags, origin, null);
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
